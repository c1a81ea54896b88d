/**
 * Keeps Node's young generation at the size it starts with, in a process that prints. Every
 * document passes through Node as a few MB of short-lived strings and buffers (the HTML, its fonts
 * and its PDF, in base64 over CDP); at several documents a second V8 grew the young generation to
 * 32 MiB and kept dead buffers between its scavenges, ~60–80 MiB of Node's PSS in all (seed, two in
 * flight: Node ~250 → ~180 MiB, documents per second unchanged). --max-semi-space-size would say
 * the same, but only on Node's command line, which `nianbao`, `npm start` and Lambda each spell
 * differently; the growth factor is read whenever V8 would grow the space, so it can be set here.
 *
 * A module with only this effect, imported first by the entries that print (cli.ts, lambda.ts,
 * bench/index.ts), so that it runs before the rest of the program is loaded, and by the printer
 * (print/chromium.ts) for any other process. Node-only; affects the whole process.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--semi-space-growth-factor=1');
