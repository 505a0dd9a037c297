import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { childEnvironment } from '../../src/config';
import type { Logger } from '../../src/reset/ports';
import {
  DEMO_BOT,
  DEMO_TENANT_ID,
  DEMO_USER,
  LOOPBACK_PRELOAD,
  playgroundConfigYaml,
  type PlaygroundUser,
} from './playgroundConfig';
import { createPlaygroundProxy, type JsonObject, type ProxyExchange } from './playgroundProxy';

/**
 * Microsoft 365 Agents Playground (a local Teams-like web client, a dev dependency) next to the bot,
 * everything on 127.0.0.1:
 *
 *   bot <── locale proxy <── Playground server <──websocket── browser
 *       ──> proxy /_connector/* ──> Playground /_connector/*
 *
 * Facts behind each step are in docs/dev/playground.md.
 */
export interface LaunchPlaygroundOptions {
  /** The bot's messaging endpoint, e.g. `http://127.0.0.1:3978/api/messages`. */
  readonly botEndpoint: string;
  /** Port of the web client; 0 = any free port. A taken port makes the Playground pick a random one. */
  readonly port: number;
  /** Locale put in every activity (`sv-SE`, `en-US`, …). */
  readonly locale: string;
  /** IANA zone for `localTimezone` (the Playground process's TZ). Default Europe/Stockholm. */
  readonly timezone?: string;
  /** No desktop to open a browser on: the Playground is told not to try. */
  readonly headless: boolean;
  /** Default: Anna Svensson from the demo directory. */
  readonly user?: PlaygroundUser;
  readonly tenantId?: string;
  /** Personal chat id; default a random UUID per start. */
  readonly conversationId?: string;
  readonly rewriteActivity?: (activity: JsonObject) => void;
  readonly onExchange?: (exchange: ProxyExchange) => void;
  readonly logger?: Logger;
  readonly startTimeoutMs?: number;
  /** Path of the Playground's `cli.js`; default resolved from node_modules. */
  readonly cliPath?: string;
}

export interface RunningPlayground {
  /** The web client, e.g. `http://127.0.0.1:56150/`. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly user: PlaygroundUser;
  readonly conversationId: string;
  /** Milliseconds from spawn until `/_debug/ping` answered. */
  readonly startupMs: number;
  locale: string;
  /** The Playground's own log (it writes errors there, not to stdout). */
  readLog(): string;
  /** SIGTERM to its process group (SIGKILL after 5 s), closes the proxy, removes the temp folder. Idempotent. */
  stop(): Promise<void>;
}

export class PlaygroundUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaygroundUnavailableError';
  }
}

/** The Playground's CLI, or undefined when the dev dependency is not installed. */
export function findPlaygroundCli(): string | undefined {
  try {
    return path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
  } catch {
    return undefined; // installed with --omit=dev
  }
}

/** Starts the proxy and the Playground; resolves once it answers `/_debug/ping`, throws otherwise. */
export async function launchPlayground(options: LaunchPlaygroundOptions): Promise<RunningPlayground> {
  const cliPath = options.cliPath ?? findPlaygroundCli();
  if (cliPath === undefined || !existsSync(cliPath))
    throw new PlaygroundUnavailableError('@microsoft/m365agentsplayground is not installed');
  const log = options.logger?.child({ module: 'playground' });
  const user = options.user ?? DEMO_USER;
  const conversationId = options.conversationId ?? randomUUID();
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const botUrl = new URL(options.botEndpoint);

  const workDir = mkdtempSync(path.join(tmpdir(), 'reset-assistant-playground-'));
  const binDir = path.join(workDir, 'bin');
  mkdirSync(binDir);
  const xdgOpen = path.join(binDir, 'xdg-open');
  writeFileSync(xdgOpen, '#!/bin/sh\nexit 0\n'); // it exits when xdg-open is missing
  chmodSync(xdgOpen, 0o755);
  const preload = path.join(workDir, 'loopback-only.js');
  writeFileSync(preload, LOOPBACK_PRELOAD);
  const configPath = path.join(workDir, '.m365agentsplayground.yml');
  writeFileSync(
    configPath,
    playgroundConfigYaml({
      user,
      tenantId: options.tenantId ?? DEMO_TENANT_ID,
      bot: DEMO_BOT,
      conversationId,
    }),
  );
  const logFile = path.join(workDir, 'devTools', 'm365agentsplayground.log');
  const readLog = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  const state = { locale: options.locale, port: 0 };
  const proxy = createPlaygroundProxy({
    botOrigin: botUrl.origin,
    locale: () => state.locale,
    playgroundPort: () => state.port,
    ...(options.rewriteActivity ? { rewriteActivity: options.rewriteActivity } : {}),
    ...(options.onExchange ? { onExchange: options.onExchange } : {}),
    onError: (message) => log?.warn({ detail: message }, 'playground proxy'),
  });
  let child: ChildProcess | undefined;
  try {
    const proxyPort = await listenOnLoopback(proxy, 0);
    state.port = options.port === 0 ? await freeLoopbackPort() : options.port;
    const startedAt = Date.now();
    const env = {
      ...childEnvironment(options.headless ? { prependPath: binDir } : {}),
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
      TZ: options.timezone ?? 'Europe/Stockholm',
      ...(options.headless ? { TEAMSAPPTESTER_BROWSER: 'none' } : {}),
    };
    const proxied = `http://127.0.0.1:${proxyPort}`;
    child = spawn(
      process.execPath,
      [
        '-r',
        preload,
        cliPath,
        'start',
        '-e',
        `${proxied}${botUrl.pathname}${botUrl.search}`,
        '-c',
        'msteams',
        '-p',
        String(state.port),
        '--service-url',
        `${proxied}/_connector`,
        '--disable-telemetry', // `-dt` would be parsed as `-d -t`
      ],
      { cwd: workDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env },
    );
    const spawned = child;
    killOnExit(spawned);
    spawned.stderr?.setEncoding('utf8');
    spawned.stderr?.on('data', (chunk: string) =>
      log?.debug({ line: chunk.trim().slice(0, 500) }, 'playground stderr'),
    );
    state.port = await waitForListening(spawned, timeoutMs, readLog);
    await waitForPing(state.port, spawned, startedAt + timeoutMs, readLog);
    const startupMs = Date.now() - startedAt;
    let stopped = false;
    const running: RunningPlayground = {
      url: `http://127.0.0.1:${state.port}/`,
      port: state.port,
      pid: spawned.pid ?? -1,
      user,
      conversationId,
      startupMs,
      get locale() {
        return state.locale;
      },
      set locale(value: string) {
        state.locale = value;
      },
      readLog,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await killProcessGroup(spawned);
        await closeServer(proxy);
        rmSync(workDir, { recursive: true, force: true });
      },
    };
    log?.info({ url: running.url, startupMs }, 'Agents Playground started');
    return running;
  } catch (error) {
    if (child) await killProcessGroup(child);
    await closeServer(proxy);
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * For `npm start`: the Playground is a convenience, so any failure is logged and yields undefined,
 * and the bot keeps running (the banner then says how to chat without it).
 */
export async function startPlayground(
  options: LaunchPlaygroundOptions & { readonly logger: Logger },
): Promise<{ playground?: RunningPlayground; problem?: string }> {
  try {
    return { playground: await launchPlayground(options) };
  } catch (error) {
    const problem = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
    options.logger.warn({ module: 'playground', err: problem }, 'Agents Playground did not start');
    return { problem };
  }
}

function listenOnLoopback(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('no address'));
    });
  });
}

async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  const port = await listenOnLoopback(server, 0);
  await closeServer(server);
  return port;
}

function closeServer(server: net.Server): Promise<void> {
  if (server instanceof http.Server) server.closeAllConnections();
  return new Promise((resolve) => {
    if (!server.listening) resolve();
    else server.close(() => resolve());
  });
}

function lastLines(text: string, count = 15): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** Ready, part 1: with stdout not a TTY the Playground prints only `Listening on <port>` there. */
function waitForListening(child: ChildProcess, timeoutMs: number, readLog: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    let done = false;
    const timer = setTimeout(() => finish(new Error(`no "Listening on" within ${timeoutMs} ms`)), timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      finish(new Error(`the Playground exited (code ${code}, signal ${signal}):\n${lastLines(readLog())}`));
    function finish(error: Error | undefined, port = 0): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(port);
    }
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      if (out.length < 10_000) out += chunk; // keep draining the pipe afterwards
      const match = /Listening on (\d+)/.exec(out);
      if (match?.[1]) finish(undefined, Number(match[1]));
    });
    child.once('exit', onExit);
  });
}

/** Ready, part 2: it prints `Listening on` before a bad config file makes it exit, so ping as well. */
async function waitForPing(
  port: number,
  child: ChildProcess,
  deadline: number,
  readLog: () => string,
): Promise<void> {
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the Playground exited (code ${child.exitCode}):\n${lastLines(readLog())}`);
    if (await ping(port)) {
      // A config error is reported right after the listen: make sure the process is still there.
      await delay(300);
      if (child.exitCode === null) return;
      continue;
    }
    if (Date.now() > deadline) throw new Error('the Playground did not answer /_debug/ping');
    await delay(100);
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/_debug/ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * The Playground has its own process group (so stop() reaches all of it); that also means it would
 * outlive an unexpected exit of ours, so kill it on exit. Signals stay the caller's business.
 */
function killOnExit(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of liveChildren) signalGroup(c, 'SIGKILL');
    });
  }
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal); // no group (already gone): the child itself, a no-op when it has exited
  }
}

/** SIGTERM to the child's process group, SIGKILL after `graceMs`. */
export async function killProcessGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
