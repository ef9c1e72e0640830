/**
 * Reads a password without it ever being on the command line (where `ps`
 * shows it): from stdin with --password-stdin (one line; a trailing newline
 * is dropped), or typed at the terminal twice, not echoed.
 */
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { KerbsideError } from "../errors.js";

export async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readStdin();
  if (!process.stdin.isTTY) throw new KerbsideError("KERB_ERR_USER", "no terminal to type the password: pipe it in with --password-stdin");
  const first = await promptHidden("Password: ");
  const second = await promptHidden("Again: ");
  if (first !== second) throw new KerbsideError("KERB_ERR_USER", "the two passwords differ");
  return first;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

function promptHidden(question: string): Promise<string> {
  process.stderr.write(question);
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise((resolve) => {
    rl.question("", (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
  });
}
