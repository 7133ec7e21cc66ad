import { formatCents, sum, type Cents } from './money';

export interface LineItem {
  sku: string;
  unitPrice: Cents;
  quantity: number;
}

export class Cart {
  private readonly items: LineItem[] = [];

  add(item: LineItem): void {
    this.items.push(item);
  }

  total(): Cents {
    return sum(this.items.map((i) => i.unitPrice * i.quantity));
  }

  // Deliberate error for "Fix with Flowpair": items.length is a number, not a string.
  summary(): string {
    const count: string = this.items.length;
    return `${count} items, ${formatCents(this.total())}`;
  }
}
