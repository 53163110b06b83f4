#!/usr/bin/env node
// Stands in for socat in the modem-pair test: runs the real socat without `link=` and makes the
// link itself a while after the terminals are reported. Real socat does things in this order too
// (terminals reported, then the link made); this widens the gap so a caller that trusts the
// report, or a stale file at the link path, is caught every time instead of once in a while.
import { spawn } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';

const LINK_DELAY_MS = 1_500;
let link;
const args = process.argv.slice(2).map((arg) => {
  const at = arg.indexOf(',link=');
  if (at < 0) return arg;
  link = arg.slice(at + ',link='.length);
  return arg.slice(0, at);
});
const socat = spawn('socat', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const terminals = [];
let text = '';
socat.stderr.setEncoding('utf8');
socat.stderr.on('data', (chunk) => {
  process.stderr.write(chunk);
  text += chunk;
  for (const match of text.matchAll(/PTY is (\S+)/g)) if (!terminals.includes(match[1])) terminals.push(match[1]);
  if (terminals.length === 2 && link !== undefined) {
    const target = terminals[1];
    const at = link;
    link = undefined;
    setTimeout(() => {
      rmSync(at, { force: true });
      symlinkSync(target, at);
      link = at; // removed again on exit, as socat does
    }, LINK_DELAY_MS);
  }
});
const end = () => {
  socat.kill();
};
process.on('SIGTERM', end);
process.on('SIGINT', end);
socat.on('exit', (code) => {
  if (link !== undefined) rmSync(link, { force: true });
  process.exit(code ?? 0);
});
