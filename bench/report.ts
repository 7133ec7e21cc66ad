// bench/results/latest.json → bench/results/latest.md and SVG charts (hand-written SVG).
// With --publish also copies the report to bench/REPORT.md and the charts to bench/charts/.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir, quantile, readJson, resultsDir, round } from './lib';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const COLORS: Record<string, string> = {
  ws_warm: '#1a7f37', ws_bare: '#4ac26b', ws_idle6s: '#1a7f37', ws_bare_idle6s: '#4ac26b', ws_chained: '#1a7f37', ws_bare_chained: '#4ac26b',
  http_keepalive: '#0969da', chat_keepalive: '#8250df', http_cold: '#cf222e', http_idle6s: '#bc4c00',
};
const LABELS: Record<string, string> = {
  ws_warm: 'Flowpair warm WebSocket (chained)',
  ws_bare: 'openai ResponsesWS, bare (chained)',
  http_cold: 'openai HTTP, new connection',
  http_keepalive: 'openai HTTP, kept alive',
  chat_keepalive: 'Chat Completions, kept alive',
  ws_idle6s: 'Flowpair WebSocket after 6 s idle',
  ws_bare_idle6s: 'openai ResponsesWS after 6 s idle',
  http_idle6s: 'openai HTTP after 6 s idle',
  ws_chained: 'Flowpair WebSocket, chained',
  ws_bare_chained: 'openai ResponsesWS, chained',
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: unknown, unit = ' ms') => (typeof v === 'number' && Number.isFinite(v) ? `${v}${unit}` : '—');

/** Box plot per row: whiskers min..p95, box p25..p75, median tick, every sample as a faint dot. */
function distributionChart(title: string, subtitle: string, rows: Array<{ key: string; samples: number[] }>, marker?: { at: number; label: string }): string {
  const W = 860;
  const left = 250;
  const right = 30;
  const rowH = 34;
  const top = 74;
  const H = top + rows.length * rowH + 46;
  const all = rows.flatMap((r) => r.samples);
  const max = Math.max(...all, marker?.at ?? 0);
  const step = max > 400 ? 100 : max > 150 ? 50 : 20;
  const xmax = Math.ceil((max * 1.05) / step) * step;
  const x = (v: number) => left + (v / xmax) * (W - left - right);
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">\n`;
  svg += `<rect width="${W}" height="${H}" fill="#ffffff"/>\n`;
  svg += `<text x="16" y="22" font-size="15" font-weight="600" fill="#1f2328">${esc(title)}</text>\n`;
  svg += `<text x="16" y="40" fill="#59636e">${esc(subtitle)}</text>\n`;
  const axisY = top + rows.length * rowH + 6;
  for (let v = 0; v <= xmax; v += step) {
    svg += `<line x1="${x(v)}" y1="${top - 6}" x2="${x(v)}" y2="${axisY}" stroke="#eaeef2"/>`;
    svg += `<text x="${x(v)}" y="${axisY + 16}" text-anchor="middle" fill="#59636e">${v}</text>\n`;
  }
  svg += `<text x="${(left + W - right) / 2}" y="${axisY + 34}" text-anchor="middle" fill="#59636e">client time to first token, ms</text>\n`;
  if (marker) {
    svg += `<line x1="${x(marker.at)}" y1="${top - 22}" x2="${x(marker.at)}" y2="${axisY}" stroke="#6e7781" stroke-dasharray="4 3"/>`;
    svg += `<text x="${x(marker.at) + 4}" y="${top - 12}" fill="#6e7781">${esc(marker.label)}</text>\n`;
  }
  rows.forEach((row, i) => {
    const cy = top + i * rowH + rowH / 2;
    const color = COLORS[row.key] ?? '#57606a';
    const s = row.samples;
    const [p25, p50, p75, p95] = [0.25, 0.5, 0.75, 0.95].map((q) => quantile(s, q)) as [number, number, number, number];
    svg += `<text x="${left - 10}" y="${cy + 4}" text-anchor="end" fill="#1f2328">${esc(LABELS[row.key] ?? row.key)}</text>\n`;
    s.forEach((v, k) => {
      const jitter = ((k * 7919) % 13) - 6;
      svg += `<circle cx="${x(v).toFixed(1)}" cy="${(cy + jitter).toFixed(1)}" r="1.6" fill="${color}" fill-opacity="0.35"/>`;
    });
    svg += `\n<line x1="${x(Math.min(...s))}" y1="${cy}" x2="${x(p95)}" y2="${cy}" stroke="${color}" stroke-width="1.5"/>`;
    svg += `<rect x="${x(p25)}" y="${cy - 8}" width="${Math.max(1.5, x(p75) - x(p25))}" height="16" fill="${color}" fill-opacity="0.25" stroke="${color}"/>`;
    svg += `<line x1="${x(p50)}" y1="${cy - 10}" x2="${x(p50)}" y2="${cy + 10}" stroke="${color}" stroke-width="3"/>`;
    svg += `<text x="${Math.min(x(p95) + 6, W - right - 40)}" y="${cy + 4}" fill="#1f2328" font-weight="600">${round(p50, 1)}</text>\n`;
  });
  return svg + '</svg>\n';
}

/** Frame intervals while a 20k-token answer streams, with the stream's milestones and long tasks. */
function frameTimelineChart(t: J, title: string): string {
  const W = 860;
  const H = 340;
  const left = 50;
  const right = 20;
  const top = 112;
  const bottom = 280;
  const frames: number[] = t.frames ?? [];
  const end = Math.max(t.last_paint ?? 0, frames.at(-1) ?? 0) + 100;
  const x = (v: number) => left + (v / end) * (W - left - right);
  const ymax = 100;
  const y = (ms: number) => bottom - (Math.min(ms, ymax) / ymax) * (bottom - top);
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">\n`;
  svg += `<rect width="${W}" height="${H}" fill="#ffffff"/>\n`;
  svg += `<text x="16" y="22" font-size="15" font-weight="600" fill="#1f2328">${esc(title)}</text>\n`;
  svg += `<text x="16" y="40" fill="#59636e">each bar is one frame of the composer (rAF interval, ms); red: long tasks; dashed: 16.7 ms and 50 ms</text>\n`;
  for (const ms of [16.7, 50]) {
    svg += `<line x1="${left}" y1="${y(ms)}" x2="${W - right}" y2="${y(ms)}" stroke="${ms === 50 ? '#cf222e' : '#6e7781'}" stroke-dasharray="4 3"/>`;
    svg += `<text x="${left - 6}" y="${y(ms) + 4}" text-anchor="end" fill="#59636e">${ms}</text>\n`;
  }
  for (let k = 1; k < frames.length; k++) {
    const d = frames[k]! - frames[k - 1]!;
    const color = d > 50 ? '#cf222e' : d > 20 ? '#bc4c00' : '#0969da';
    svg += `<rect x="${x(frames[k - 1]!).toFixed(1)}" y="${y(d).toFixed(1)}" width="${Math.max(0.8, x(frames[k]!) - x(frames[k - 1]!) - 0.4).toFixed(1)}" height="${(bottom - y(d)).toFixed(1)}" fill="${color}" fill-opacity="0.7"/>`;
  }
  svg += '\n';
  for (const lt of t.longtasks ?? []) {
    svg += `<rect x="${x(lt.start)}" y="${bottom + 4}" width="${Math.max(1.5, x(lt.start + lt.duration) - x(lt.start))}" height="8" fill="#cf222e"><title>long task ${lt.duration} ms (${esc(String(lt.attribution))})</title></rect>`;
  }
  const milestones: Array<[string, number | undefined]> = [
    ['first token sent', t.first_delta_sent], ['first paint', t.first_paint], ['last token sent', t.last_delta_sent], ['last paint', t.last_paint],
  ];
  milestones.forEach(([label, at], i) => {
    if (at === undefined) return;
    const rowY = 60 + (i % 2) * 16;
    const leftSide = x(at) < W / 2;
    svg += `<line x1="${x(at)}" y1="${rowY + 4}" x2="${x(at)}" y2="${bottom}" stroke="#1a7f37" stroke-width="1"/>`;
    svg += `<text x="${x(at) + (leftSide ? 3 : -3)}" y="${rowY}" text-anchor="${leftSide ? 'start' : 'end'}" fill="#1a7f37">${esc(label)} ${at} ms</text>\n`;
  });
  const step = end > 3000 ? 500 : 250;
  for (let v = 0; v <= end; v += step) svg += `<text x="${x(v)}" y="${bottom + 30}" text-anchor="middle" fill="#59636e">${v}</text>`;
  svg += `\n<text x="${(left + W - right) / 2}" y="${bottom + 50}" text-anchor="middle" fill="#59636e">ms since Enter</text>\n`;
  return svg + '</svg>\n';
}

interface Target {
  what: string;
  target: string;
  value: string;
  met: boolean | undefined;
}

function targets(r: J): Target[] {
  const t: Target[] = [];
  const tr = r.transport;
  if (tr?.rtt40) {
    const ws = tr.rtt40.ws_warm;
    t.push({ what: 'Warm WebSocket overhead (40 ms RTT, p50)', target: '≤ 1 RTT + 3 ms = 43 ms', value: fmt(ws.overhead_p50), met: ws.overhead_p50 <= 43 });
    const ratio = tr.rtt40.ratio_http_cold_over_ws_warm_overhead;
    t.push({ what: 'Overhead, HTTP new connection ÷ warm WebSocket (40 ms)', target: '≥ 2.5×', value: `${ratio}×`, met: ratio >= 2.5 });
    const idle = tr.rtt40.ratio_http_idle6s_over_ws_idle6s_overhead;
    if (idle !== undefined) t.push({ what: 'Human pacing: overhead, HTTP after 6 s idle ÷ WebSocket after 6 s idle', target: '≥ 2.5×', value: `${idle}×`, met: idle >= 2.5 });
    const bare = tr.rtt40.ws_bare;
    t.push({ what: 'Flowpair session vs bare ResponsesWS (TTFT p50, 40 ms)', target: 'not slower (≤ +1 ms)', value: `${ws.ttft_p50} vs ${bare.ttft_p50} ms`, met: ws.ttft_p50 <= bare.ttft_p50 + 1 });
  }
  if (tr?.long) {
    const ratio = tr.long.ratio_http_keepalive_over_ws_chained_ttft;
    t.push({ what: 'Long context (~400 KB): TTFT HTTP kept alive ÷ chained WebSocket', target: '≥ 3×', value: `${ratio}× (${tr.long.ws_chained.ttft_p50} vs ${tr.long.http_keepalive.ttft_p50} ms)`, met: ratio >= 3 });
  }
  if (tr?.stream) {
    const s = tr.stream.rate5000?.ws_warm;
    if (s) t.push({ what: 'Client keeps up with 2,000 tokens at 5,000 tok/s (Flowpair, lag p50)', target: '≤ 1 frame (16.7 ms)', value: fmt(s.lag_ms_p50), met: s.lag_ms_p50 <= 16.7 });
  }
  const w = r.webview;
  if (w && !w.error) {
    const budget = round(w.server_ttft + w.rtt_ms + 16.7, 1);
    t.push({ what: 'Enter → first token painted (p50)', target: `≤ TTFT + 1 RTT + 1 frame = ${budget} ms`, value: fmt(w.first_token_paint_p50), met: w.first_token_paint_p50 <= budget });
    const observed = typeof w.longest_task_ms === 'number';
    t.push({
      what: '20k tokens at 5,000 tok/s: longest main-thread task',
      target: '≤ 50 ms',
      value: observed
        ? `${fmt(w.longest_task_ms)} (composer's own: ${fmt(w.longest_own_task_ms)})`
        : `not observed (no long-task entry in any answer; longest frame ${fmt(w.longest_frame_ms)})`,
      met: observed ? w.longest_task_ms <= 50 : undefined,
    });
    t.push({ what: '20k tokens at 5,000 tok/s: frames over 50 ms', target: '0', value: String(w.frames_over_50ms), met: w.frames_over_50ms === 0 });
    t.push({ what: 'Last token arrived → its paint (p50)', target: '≤ 1 frame (16.7 ms)', value: fmt(w.last_token_to_paint_ms), met: w.last_token_to_paint_ms <= 16.7 });
    t.push({ what: `JS heap growth over ${w.heap_growth_answers} answers (after GC)`, target: 'flat', value: fmt(w.heap_growth_mb_over_10_answers, ' MB'), met: w.heap_growth_mb_over_10_answers <= 1 });
  }
  const sc = r.scaling;
  if (sc) {
    const ratio = (what: string, v: number) => t.push({ what, target: '≤ 1.3 (1.0 is linear)', value: `${v}`, met: v <= 1.3 });
    ratio('Scaling: answer 10k → 200k chars, host cost per char (largest ÷ smallest)', sc.answer_host_ratio);
    ratio('Scaling: answer 10k → 200k chars, webview main-thread cost per char', sc.answer_webview_ratio);
    t.push({ what: 'Scaling: a single 40k-character line, longest main-thread task', target: '≤ 50 ms', value: fmt(sc.long_line_ms), met: sc.long_line_ms <= 50 });
    t.push({ what: 'Scaling: a 60 KB open paragraph of emphasis markers, longest main-thread task', target: '≤ 50 ms', value: fmt(sc.open_paragraph_ms), met: sc.open_paragraph_ms <= 50 });
    ratio('Scaling: function-call arguments 0.1 → 2 MB through the decoder, cost per MB', sc.decoder_ratio);
    ratio('Scaling: patch of 100 → 2,000 chunks (half failing), cost per chunk', sc.patch_chunks_ratio);
    t.push({ what: 'Scaling: view re-created after a 200k-character conversation → painted', target: '≤ 100 ms', value: fmt(sc.view_restore_ms), met: sc.view_restore_ms <= 100 });
  }
  const e = r.edits;
  if (e) {
    t.push({ what: 'Engine: parse + locate + hunks, 3,000 lines / 20 chunks (p50)', target: '≤ 10 ms', value: fmt(e.locate_hunks_3000_lines_p50), met: e.locate_hunks_3000_lines_p50 <= 10 });
    t.push({ what: 'Engine: accept one hunk (p50)', target: '≤ 5 ms', value: fmt(e.accept_hunk_p50), met: e.accept_hunk_p50 <= 5 });
    if (e.stream_end_to_decorated_p50 !== undefined) t.push({ what: 'Extension host: patch stream end → all hunks decorated (p50)', target: '≤ 10 ms', value: fmt(e.stream_end_to_decorated_p50), met: e.stream_end_to_decorated_p50 <= 10 });
    if (e.accept_to_document_updated_p50 !== undefined) t.push({ what: 'Extension host: accept → document updated (p50)', target: '≤ 5 ms', value: `${fmt(e.accept_to_document_updated_p50)} (VS Code's own applyEdit: ${fmt(e.vscode_apply_edit_baseline_p50)})`, met: e.accept_to_document_updated_p50 <= 5 });
  }
  const s = r.startup;
  if (s) t.push({ what: 'activate() in the extension host (p50, from the .vsix)', target: '≤ 30 ms', value: fmt(s.activate_ms), met: s.activate_ms <= 30 });
  return t;
}

function transportTable(block: J, keys: string[]): string {
  let md = '| case | TTFT p50 | TTFT p95 | overhead p50 | overhead p95 | n |\n|---|---:|---:|---:|---:|---:|\n';
  for (const k of keys) {
    const c = block[k];
    if (!c) continue;
    md += `| ${LABELS[k] ?? k} | ${c.ttft_p50} | ${c.ttft_p95} | ${c.overhead_p50} | ${c.overhead_p95} | ${c.ttft.n} |\n`;
  }
  return md;
}

export function render(r: J): { md: string; charts: Record<string, string> } {
  const charts: Record<string, string> = {};
  const tr = r.transport;
  let md = `# Flowpair benchmarks\n\n`;
  md += `Generated by \`npm run bench\` on ${r.meta?.generatedAt ?? '?'}${r.meta?.quick ? ' (**--quick**: reduced counts, not for quoting)' : ''}.\n\n`;
  if (r.meta?.machine) md += `**Machine:** ${r.meta.machine}\n\n`;
  md += `Timings are medians (p50) and p95 of many turns; the compared cases run interleaved in one run on a shared, noisy machine, so read ratios and differences, not absolute times.\n\n`;
  md += `## Targets\n\n| what | target | measured | |\n|---|---|---|---|\n`;
  for (const t of targets(r)) md += `| ${t.what} | ${t.target} | ${t.value} | ${t.met === undefined ? '' : t.met ? '✅' : '❌'} |\n`;
  md += '\n';
  if (tr) {
    md += `## Transport\n\nFake backend over TLS 1.3 (self-signed P-256), server TTFT ${tr.server_ttft} ms, RTT injected by a delaying TCP proxy (it also charges the TCP handshake's round trip on a new connection). The fake and its proxies run in a child process, the clients in the measuring process. ${tr.setup?.turns ?? '?'} measured turns per case after one warm-up round; the cases take turns (rotating order) with ${tr.setup?.gapMs ?? 50} ms between turns. **Overhead = client TTFT − server TTFT.**\n\n`;
    md += `![TTFT distribution at 40 ms RTT](charts/transport-rtt40.svg)\n\n`;
    const failed = Object.entries(tr.failed_turns ?? {}) as Array<[string, string[]]>;
    md += failed.length
      ? `Turns that failed and were retried (counted, not in the samples): ${failed.map(([k, v]) => `${k} × ${v.length} (${esc(v[0] ?? '')})`).join('; ')}.\n\n`
      : 'No turn failed.\n\n';
    for (const rtt of tr.setup?.rtts ?? []) {
      const block = tr[`rtt${rtt}`];
      if (!block) continue;
      md += `### RTT ${rtt} ms\n\n` + transportTable(block, ['ws_warm', 'ws_bare', 'http_keepalive', 'chat_keepalive', 'http_cold']);
      md += `\nOverhead ratio, HTTP new connection ÷ Flowpair warm WebSocket: **${block.ratio_http_cold_over_ws_warm_overhead}×**\n\n`;
    }
    if (tr.rtt40?.ws_idle6s) {
      md += `### Human pacing: 6 s idle before every turn (40 ms RTT)\n\nNode's fetch (undici) drops an idle pooled connection after ~4 s, so the HTTP turn pays TCP + TLS again; the warm WebSocket stays open. The three cases run on separate fakes, staggered by ~2 s so that each sees exactly 6 s of idle before its turn and no two turns overlap: the idle time is shared, and the whole case costs ${tr.rtt40.ws_idle6s.ttft.n + 1} × ~6 s of wall time instead of three times that.\n\n`;
      md += transportTable(tr.rtt40, ['ws_idle6s', 'ws_bare_idle6s', 'http_idle6s']);
      md += `\nOverhead ratio, HTTP after idle ÷ WebSocket after idle: **${tr.rtt40.ratio_http_idle6s_over_ws_idle6s_overhead}×**\n\n`;
    }
    if (tr.long) {
      md += `### Long context: ~${tr.long.context_kb} KB conversation, 40 ms RTT, uplink 20 Mbit/s\n\nHTTP resends the whole input every turn; the chained WebSocket turn sends only the new message (the context went up once, in the prewarm).\n\n`;
      md += `![TTFT distribution, long context](charts/transport-long.svg)\n\n`;
      md += transportTable(tr.long, ['ws_chained', 'ws_bare_chained', 'http_keepalive', 'http_cold']);
      md += `\nTTFT ratio, HTTP kept alive ÷ chained WebSocket: **${tr.long.ratio_http_keepalive_over_ws_chained_ttft}×**\n\n`;
    }
    if (tr.stream) {
      md += `### Streaming 2,000 tokens (first → last token at the client, 40 ms RTT)\n\n| rate | expected | case | p50 | max | lag p50 | tok/s |\n|---|---:|---|---:|---:|---:|---:|\n`;
      for (const rate of [1000, 5000]) {
        const b = tr.stream[`rate${rate}`];
        if (!b) continue;
        for (const k of ['ws_warm', 'ws_bare', 'http_keepalive']) {
          const c = b[k];
          if (c) md += `| ${rate} tok/s | ${b.expected_ms} | ${LABELS[k]} | ${c.stream_ms_p50} | ${c.stream_ms_max} | ${c.lag_ms_p50} | ${c.tokens_per_s_p50} |\n`;
        }
      }
      md += '\n';
    }
    if (tr.rtt40) {
      const rows = ['ws_warm', 'ws_bare', 'http_keepalive', 'chat_keepalive', 'http_cold', 'ws_idle6s', 'http_idle6s'].filter((k) => tr.rtt40[k]).map((k) => ({ key: k, samples: tr.rtt40[k].samples as number[] }));
      charts['transport-rtt40.svg'] = distributionChart('Client time to first token, 40 ms RTT, TLS, server TTFT 30 ms', 'box: p25–p75, thick tick: median (value), whisker: min–p95, dots: every turn', rows, { at: tr.server_ttft + 40, label: 'server TTFT + 1 RTT' });
    }
    if (tr.long) {
      const rows = ['ws_chained', 'ws_bare_chained', 'http_keepalive', 'http_cold'].filter((k) => tr.long[k]).map((k) => ({ key: k, samples: tr.long[k].samples as number[] }));
      charts['transport-long.svg'] = distributionChart(`Long context (~${tr.long.context_kb} KB), 40 ms RTT, uplink 20 Mbit/s`, 'box: p25–p75, thick tick: median (value), whisker: min–p95, dots: every turn', rows, { at: tr.server_ttft + 40, label: 'server TTFT + 1 RTT' });
    }
  }
  const cx = r.codex;
  if (cx) {
    md += `## Codex provider: through \`codex app-server\` vs the direct warm WebSocket\n\n`;
    md += `One fake backend (plain WebSocket, server TTFT ${cx.server_ttft} ms) behind a ${cx.rtt_ms} ms RTT delay proxy, used by both: Flowpair's own warm session, and the pinned \`codex app-server\` whose CODEX_HOME makes the fake a custom Responses provider over WebSocket. ${cx.turns} measured turns each, interleaved; the app-server was started and its thread opened first (${cx.codex_warm_ms} ms, a one-off per window).\n\n`;
    md += `| case | TTFT p50 | TTFT p95 | n |\n|---|---:|---:|---:|\n`;
    md += `| Flowpair warm WebSocket (direct) | ${cx.ws_warm.p50} | ${cx.ws_warm.p95} | ${cx.ws_warm.n} |\n`;
    md += `| Codex provider (codex app-server) | ${cx.codex_app_server.p50} | ${cx.codex_app_server.p95} | ${cx.codex_app_server.n} |\n\n`;
    const sp = cx.codex_split_p50;
    md += `Through the app-server the first token comes **${cx.codex_minus_ws_p50} ms** later (p50). The fake's clock splits a Codex turn: send → request at the server ${sp.send_to_request_at_server} ms (½ RTT = ${cx.rtt_ms / 2}: the rest is the app-server building its request — its own system prompt, tools and history — and relaying turn/start), server TTFT ${sp.server_ttft} ms, first delta sent → at Flowpair ${sp.first_delta_sent_to_client} ms (½ RTT + the app-server's event relay over stdio).\n\n`;
    if (cx.request_kb_p50) {
      const [first, last] = cx.codex_send_to_server_first_last_p50;
      md += `**Why.** Both clients use the same warm WebSocket to the same server (Codex too: \`supports_websockets\`, prewarmed with \`generate:false\`, chained on \`previous_response_id\`), so the difference is the extra hop, not the network. Send → request at the server is ${cx.ws_send_to_request_at_server_p50} ms direct but ${sp.send_to_request_at_server} ms through Codex: after Flowpair's JSON line reaches it, the app-server builds its request: ${cx.request_kb_p50.codex_app_server} KB per turn (its instructions and tool definitions go with every request; Flowpair's direct request is ${cx.request_kb_p50.ws_warm} KB). ${last > first * 1.1 ? `That work grows with the thread: send → server ${first} ms over the first tenth of the turns, ${last} ms over the last.` : `It did not grow with the thread in this run (send → server ${first} ms over the first tenth of the turns, ${last} ms over the last): chained on \`previous_response_id\`, only the new input is added.`} On the way back, each delta is one more stdio relay (first delta sent → at Flowpair ${sp.first_delta_sent_to_client} ms against ½ RTT = ${cx.rtt_ms / 2}). So a warm Codex turn costs about 1 RTT + ${round(cx.codex_app_server.p50 - cx.rtt_ms - sp.server_ttft)} ms instead of 1 RTT + ${round(cx.ws_warm.p50 - cx.rtt_ms - sp.server_ttft)} ms: the price of reaching Spark with a ChatGPT sign-in, and why the direct WebSocket stays the default for API keys. A real ChatGPT backend adds its own TTFT to both.\n\n`;
    }
  }
  const w = r.webview;
  if (w) {
    md += `## Webview (code-server ${r.meta?.codeServer ?? ''} + headless Chromium ${r.meta?.chromium ?? ''})\n\n`;
    if (w.error) md += `Not measured: ${w.error}\n\n`;
    else {
      md += `Flowpair installed from the .vsix, the fake backend (plain HTTP, ${w.rtt_ms} ms RTT, ${w.server_ttft} ms TTFT) in a child process. Enter is the keydown's timestamp in the composer; "painted" is the composer's \`flowpair:first-token\` / \`flowpair:last-paint\` performance marks (set in the requestAnimationFrame flush that writes the text); the fake records when it sent the first and last delta. All are wall clocks of this one machine.\n\n`;
      md += `| measure | value |\n|---|---:|\n`;
      md += `| Enter → first token painted, p50 / p95 (n=${w.first_token_paint.n}) | ${w.first_token_paint_p50} / ${w.first_token_paint_p95} ms |\n`;
      md += `| … of which Enter → request at the server (p50) | ${w.breakdown_p50.enter_to_server_receipt} ms (½ RTT = ${w.rtt_ms / 2}) |\n`;
      md += `| … server TTFT (p50) | ${w.breakdown_p50.server_ttft} ms |\n`;
      md += `| … first token sent → painted (p50) | ${w.breakdown_p50.first_delta_sent_to_paint} ms (½ RTT = ${w.rtt_ms / 2}) |\n`;
      md += `| composer ↔ extension host round trip (the composer's own ping) | ${fmt(w.host_round_trip_ms)} |\n`;
      md += `| 20k tokens at 5,000 tok/s: longest task during the stream (all / composer's own) | ${typeof w.longest_task_ms === 'number' ? `${w.longest_task_ms} / ${fmt(w.longest_own_task_ms)}` : `not observed (${w.longest_task_observed_in ?? 'no answer'} had a long-task entry)`} |\n`;
      if (w.longest_frame_ms !== undefined) md += `| … longest frame (requestAnimationFrame interval) during the stream | ${w.longest_frame_ms} ms |\n`;
      md += `| frames over 50 ms (all ${w.heap_growth_answers} answers) | ${w.frames_over_50ms} |\n`;
      md += `| last token sent by the server → painted, p50 / max | ${w.last_token_sent_to_paint.p50} / ${w.last_token_sent_to_paint.max} ms |\n`;
      md += `| … net of the ½ RTT link delay: last token arrived → painted (p50) | ${w.last_token_to_paint_ms} ms |\n`;
      md += `| JS heap after GC: before → after each answer (${esc(w.heap_source)}) | ${w.heap_mb_before_long_answers} → ${w.heap_mb_after_each_answer.join(', ')} MB |\n`;
      md += `| heap growth over ${w.heap_growth_answers} answers (each answer is ${Math.round(w.answer_chars / 1000)}k characters, kept in the transcript) | ${w.heap_growth_mb_over_10_answers} MB |\n\n`;
      if (w.hops_p50) {
        const h = w.hops_p50;
        md += `**Enter → first token painted, hop by hop** (p50 over ${h.turns_with_host_times} turns; the host's times come from its connection log's \`hops\` line, wall clock):\n\n| hop | ms |\n|---|---:|\n`;
        md += `| webview → host (Enter keydown → the host has the prompt) | ${h.webview_to_host} |\n`;
        md += `| host → socket (prompt → request written; context, backend lookup) | ${h.host_to_socket} |\n`;
        md += `| socket → first delta (1 RTT + server TTFT ${h.of_which_server_ttft}) | ${h.socket_to_first_delta} |\n`;
        md += `| host: first delta → posted to the webview | ${h.host_first_delta_to_posted} |\n`;
        md += `| host → webview (posted → the composer has the message) | ${h.host_to_webview} |\n`;
        md += `| paint (message → the frame that shows it) | ${h.paint} |\n\n`;
      }
      if (w.last_token_hops_p50) {
        const h = w.last_token_hops_p50;
        md += `**Last token → painted, hop by hop** (p50 over ${h.turns_with_host_times} long answers):\n\n| hop | ms |\n|---|---:|\n`;
        md += `| server sent → host has it (½ RTT = ${w.rtt_ms / 2} of it) | ${h.server_to_host} |\n`;
        md += `| host: last token → end posted | ${h.host_last_token_to_end_posted} |\n`;
        md += `| host → webview | ${h.host_to_webview} |\n`;
        md += `| paint (message → the frame that shows it) | ${h.paint} |\n\n`;
      }
      md += `![Frame timeline of a streamed 20k-token answer](charts/webview-frames.svg)\n\n`;
      if (w.timeline) charts['webview-frames.svg'] = frameTimelineChart(w.timeline, 'Composer frames while a 20k-token answer streams at 5,000 tok/s');
    }
  }
  const e = r.edits;
  if (e) {
    md += `## Edits\n\n| measure | p50 | p95 |\n|---|---:|---:|\n`;
    md += `| engine: parse + locate + hunks, 3,000-line file, 20 chunks | ${e.locate_hunks_3000_lines_p50} ms | ${e.locate_hunks_3000_lines_p95} ms |\n`;
    md += `| engine: accept one hunk | ${e.accept_hunk_p50} ms | ${e.accept_hunk_p95} ms |\n`;
    if (e.extension_host) {
      md += `| extension host: final patch delta + stream end → all 20 hunks placed and decorated | ${e.stream_end_to_decorated_p50} ms | ${e.stream_end_to_decorated_p95} ms |\n`;
      md += `| extension host: accept a hunk → document changed event | ${e.accept_to_document_updated_p50} ms | ${e.accept_to_document_updated_p95} ms |\n`;
      const b = e.extension_host.vscode_apply_edit_baseline;
      md += `| baseline, same run: VS Code \`workspace.applyEdit\` of one line → change event | ${b.p50} ms | ${b.p95} ms |\n`;
    } else if (e.extension_host_error) md += `\nExtension-host part failed: ${esc(e.extension_host_error)}\n`;
    md += '\n';
  }
  const s = r.startup;
  if (s) {
    md += `## Startup\n\n| measure | value |\n|---|---:|\n`;
    md += `| activate() in the extension host, p50 (n=${s.activate.n} windows, from the .vsix) | ${s.activate_ms} ms (max ${s.activate.max}) |\n`;
    md += `| dist/extension.js (loaded at activation) | ${s.extension_bundle_kb} KB |\n`;
    md += `| dist/backend.js (openai + ws, loaded when the session first warms) | ${s.backend_bundle_kb} KB |\n`;
    md += `| dist/webview.js + webview.css (the composer's first paint) | ${s.webview_bundle_kb} KB |\n`;
    if (s.toolkit_js_kb !== undefined) md += `| dist/toolkit.js (the toolkit's elements, loaded after that paint) | ${s.toolkit_js_kb} KB |\n`;
    md += `| .vsix | ${s.vsix_kb} KB |\n\n`;
  }
  if (r.scaling) md += scalingSection(r.scaling);
  md += missedSection(r);
  const baseline = readJson<J>(join(benchDir, 'baseline.json'));
  if (baseline) md += beforeAfter(baseline, r);
  const notes = join(benchDir, 'NOTES.md');
  if (existsSync(notes)) md += readFileSync(notes, 'utf8');
  return { md, charts };
}

function pointsTable(block: J, sizeLabel: (n: number) => string): string {
  let md = `| size | total ms | ${esc(block.unit)} |\n|---:|---:|---:|\n`;
  for (const p of block.points) md += `| ${sizeLabel(p.size)} | ${p.ms} | ${p.per_unit_ms} |\n`;
  return md + `\nLargest ÷ smallest per unit: **${block.ratio}**${block.skipped_sizes_projected_over_60s ? ` (sizes ${block.skipped_sizes_projected_over_60s.join(', ')} skipped: projected over a minute each)` : ''}\n\n`;
}

function scalingSection(sc: J): string {
  let md = `## Scaling\n\nPer-unit cost at growing sizes in one run, and the ratio largest ÷ smallest per unit (1.0 is linear; budget ≤ 1.3). Host figures are the Node event loop's active time running the real modules (server frames → turn recorder → chat → transcript → serialised posts; the decoder; the edit engine and the card's hunk sync). Webview figures come from the production webview bundle in headless Chromium, fed the host's messages (one \`turnText\` per 16 ms at ${sc.rate_tokens_per_s} tok/s, ${sc.chars_per_token} characters per token); "main thread" is Chromium's TaskDuration (script, style, layout, paint), "longest task" the longest message handler or frame callback of the bundle.\n\n`;
  const k = (n: number) => `${n / 1000}k chars`;
  md += `### Answer text through the host\n\n` + pointsTable(sc.answer_host, k);
  md += `### Answer text through the webview\n\n` + pointsTable(sc.answer_webview, k);
  if (sc.answer_webview_own) md += `The bundle's own handlers and frame callbacks alone: ratio ${sc.answer_webview_own.ratio}; longest task per size: ${sc.answer_webview_longest_task_ms.join(', ')} ms.\n\n`;
  md += `### Long lines and open paragraphs\n\n| answer | longest task | main thread, whole answer |\n|---|---:|---:|\n`;
  for (const [name, v] of Object.entries(sc.long_line ?? {}) as Array<[string, J]>) md += `| a single 40k-character line (${name.replace('_', ' ')}) | ${v.longest_task_ms} ms | ${v.main_thread_ms} ms |\n`;
  md += `| a 60 KB open paragraph of \`*a \` | ${sc.open_paragraph.longest_task_ms} ms | ${sc.open_paragraph.main_thread_ms} ms |\n\n`;
  md += `### Function-call arguments through the decoder\n\nThe patch in \`input\`, after a note of a tenth of the size (a model that explains before it patches), streamed in 16-character deltas.\n\n` + pointsTable(sc.decoder, (n) => `${n / 1e6} MB`);
  md += `### A patch of many chunks (half failing) through parse + locate + hunks + sync\n\nOne chunk per 12-line function; every other chunk expects a line the file does not have, so it fails with a nearest-match report. After each chunk the card's hunks are synced to the transcript, as the proposal store does.\n\n` + pointsTable(sc.patch_chunks, (n) => `${n} chunks`);
  md += `### View re-created after a ${sc.view_restore.chars / 1000}k-character conversation\n\nFrom the webview script's first statement to the first task after the frame that shows the restored transcript (${sc.view_restore.turns} turns): p50 ${sc.view_restore.p50} ms (min ${sc.view_restore.min}, max ${sc.view_restore.max}, n=${sc.view_restore.n}); of which the init message → painted: ${fmt(sc.view_restore.init_to_painted_p50)} (the rest is the bundle's evaluation and the toolkit's start, the same for an empty composer).\n\n`;
  return md;
}

/**
 * Every missed target of this run, with the measured hop or part that holds it (computed from the
 * run's own figures, so the explanation is never older than the numbers).
 */
function missedSection(r: J): string {
  const lines: string[] = [];
  const w = r.webview;
  if (w && !w.error) {
    const budget = round(w.server_ttft + w.rtt_ms + 16.7, 1);
    const h = w.hops_p50;
    if (w.first_token_paint_p50 > budget && h) {
      const crossings = round(h.webview_to_host + h.host_to_webview, 1);
      const ours = round(h.host_to_socket + h.host_first_delta_to_posted, 1);
      const link = round(h.socket_to_first_delta - w.rtt_ms - h.of_which_server_ttft, 1);
      lines.push(
        `**Enter → first token painted: ${w.first_token_paint_p50} ms against ${budget} ms.** Held by code-server's two crossings between the webview and the extension host: webview → host ${h.webview_to_host} ms + host → webview ${h.host_to_webview} ms = ${crossings} ms (desktop VS Code does these over local IPC). Flowpair's own hops on the host are ${ours} ms (prompt → request written ${h.host_to_socket}, first delta → posted ${h.host_first_delta_to_posted}); the socket hop is 1 RTT + the server's TTFT + ${link} ms; paint (message → its frame) ${h.paint} ms, of which half a frame on average is the wait for the next frame.`,
      );
    }
    const lh = w.last_token_hops_p50;
    const slow = (typeof w.longest_task_ms === 'number' && w.longest_task_ms > 50) || w.frames_over_50ms > 0 || w.last_token_to_paint_ms > 16.7;
    if (slow && lh) {
      const task = typeof w.longest_task_ms === 'number' ? `longest task ${w.longest_task_ms} ms (the composer's own ${fmt(w.longest_own_task_ms)})` : `no long task observed (longest frame ${w.longest_frame_ms} ms)`;
      lines.push(
        `**20k tokens at 5,000 tok/s: ${task}, ${w.frames_over_50ms} frames over 50 ms (per answer: ${(w.frames_over_50ms_per_answer ?? []).join(', ')}), last token → paint ${w.last_token_to_paint_ms} ms.** The last token's path: server → host ${lh.server_to_host} ms (½ RTT = ${w.rtt_ms / 2}), host: last token → end posted ${lh.host_last_token_to_end_posted} ms, host → webview ${lh.host_to_webview} ms, paint ${lh.paint} ms — the time sits in host → webview: the end message waits behind the renderer's work (the webview shares its main thread with the workbench in code-server), not in the host.`,
      );
    }
  }
  const sc = r.scaling;
  if (sc?.view_restore && sc.view_restore_ms > 100) {
    const v = sc.view_restore;
    lines.push(
      `**View re-created after a ${v.chars / 1000}k-character conversation: ${sc.view_restore_ms} ms against 100 ms.** Init message → restored transcript painted ${fmt(v.init_to_painted_p50)}; the rest (${fmt(round(sc.view_restore_ms - v.init_to_painted_p50, 1))}) is the composer script's load and start before the host's init arrives.`,
    );
  }
  if (sc) {
    for (const [key, label] of [['answer_host', 'answer text through the host'], ['answer_webview', 'answer text through the webview'], ['decoder', 'the decoder'], ['patch_chunks', 'the many-chunk patch']] as const) {
      const block = sc[key];
      if (!block || block.ratio <= 1.3) continue;
      const worst = [...block.points].sort((a: J, b: J) => b.per_unit_ms - a.per_unit_ms)[0];
      lines.push(`**Scaling, ${label}: ratio ${block.ratio} against 1.3.** The costliest size per unit is ${worst.size.toLocaleString('en-US')} (${worst.per_unit_ms} ${block.unit}); the points: ${block.points.map((p: J) => p.per_unit_ms).join(', ')}.`);
    }
    for (const [key, label] of [['long_line_ms', 'a single 40k-character line'], ['open_paragraph_ms', 'a 60 KB open paragraph']] as const) {
      if (sc[key] > 50) lines.push(`**Scaling, ${label}: longest task ${sc[key]} ms against 50 ms** (the longest message handler or frame callback of the bundle while it streamed).`);
    }
  }
  const e = r.edits;
  if (e?.accept_to_document_updated_p50 > 5) {
    lines.push(`**Accept → document updated: ${e.accept_to_document_updated_p50} ms against 5 ms.** VS Code's own \`workspace.applyEdit\` of one line took ${fmt(e.vscode_apply_edit_baseline_p50)} in the same extension host; the engine's part (accept one hunk) is ${fmt(e.accept_hunk_p50)}.`);
  }
  if (lines.length === 0) return '';
  return `## Missed targets: the hop that holds each

Computed from this run's figures.

${lines.map((l) => `- ${l}`).join('\n')}

`;
}

/** Before → after for the figures the issue-15 changes moved (bench/baseline.json holds the before). */
function beforeAfter(base: J, r: J): string {
  const rows: Array<[string, unknown, unknown, unknown]> = [];
  const sc = r.scaling ?? {};
  const w = r.webview ?? {};
  const shown = (v: unknown) => (v === null ? 'not observed' : v);
  for (const [key, before] of Object.entries(base.scaling ?? {})) rows.push([`scaling.${key}`, before, base.session?.scaling?.[key], sc[key]]);
  for (const [key, before] of Object.entries(base.webview ?? {})) rows.push([`webview.${key}`, before, shown(base.session?.webview?.[key]), shown(w[key])]);
  let md = `## Before → after\n\n${esc(base.note ?? '')} ${esc(base.session?.note ?? '')}\n\n| figure | before | before this session | after |\n|---|---:|---:|---:|\n`;
  for (const [key, before, session, after] of rows) md += `| ${key} | ${before ?? '—'} | ${session ?? '—'} | ${after ?? '—'} |\n`;
  return md + '\n';
}

function main(): void {
  const r = readJson<J>(join(resultsDir, 'latest.json'));
  if (!r) throw new Error('bench/results/latest.json is missing: run npm run bench first');
  const { md, charts } = render(r);
  writeFileSync(join(resultsDir, 'latest.md'), md.replaceAll('](charts/', '](').replaceAll('](bench/charts/', ']('));
  for (const [name, svg] of Object.entries(charts)) writeFileSync(join(resultsDir, name), svg);
  process.stderr.write(`[bench report] wrote bench/results/latest.md and ${Object.keys(charts).join(', ')}\n`);
  if (process.argv.includes('--publish')) {
    mkdirSync(join(benchDir, 'charts'), { recursive: true });
    writeFileSync(join(benchDir, 'REPORT.md'), md);
    for (const name of Object.keys(charts)) copyFileSync(join(resultsDir, name), join(benchDir, 'charts', name));
    process.stderr.write('[bench report] published bench/REPORT.md and bench/charts/\n');
  }
}

main();
