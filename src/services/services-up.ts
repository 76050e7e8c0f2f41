// `retier services up`: make sure PostgreSQL, MariaDB and Redis answer. Use them if reachable, start
// them if installed, install them (Debian, as root) if missing, otherwise say exactly what to start.
import { execSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { Socket } from "node:net";
import type { Logger } from "../log.js";

export interface ServiceSpec {
  name: "postgresql" | "mariadb" | "redis";
  host: string;
  port: number;
}

const START: Record<ServiceSpec["name"], () => string> = {
  postgresql: () => {
    const versions = existsSync("/etc/postgresql") ? readdirSync("/etc/postgresql") : [];
    const v = versions.sort().at(-1);
    if (!v) throw new Error("no PostgreSQL cluster under /etc/postgresql");
    return `pg_ctlcluster --skip-systemctl-redirect ${v} main start`;
  },
  mariadb: () =>
    "mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null; start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql",
  redis: () =>
    'mkdir -p /var/lib/redis /var/log/redis && redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/retier.log',
};
const BINARY: Record<ServiceSpec["name"], string> = {
  postgresql: "/usr/bin/pg_ctlcluster",
  mariadb: "/usr/sbin/mariadbd",
  redis: "/usr/bin/redis-server",
};
const PACKAGE: Record<ServiceSpec["name"], string> = {
  postgresql: "postgresql",
  mariadb: "mariadb-server",
  redis: "redis-server",
};
/** After a fresh install: let local tools connect as the passwordless dev users the defaults name. */
const AFTER_INSTALL: Record<ServiceSpec["name"], string | null> = {
  postgresql:
    "f=$(ls /etc/postgresql/*/main/pg_hba.conf | tail -1) && sed -i -E 's/^(host\\s+all\\s+all\\s+(127\\.0\\.0\\.1\\/32|::1\\/128)\\s+)\\S+/\\1trust/' \"$f\" && pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | tail -1) main reload",
  mariadb:
    "mariadb -uroot -e \"ALTER USER root@localhost IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD(''); FLUSH PRIVILEGES;\"",
  redis: null,
};

export function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once("error", () => done(false));
    s.connect(port, host, () => done(true));
  });
}

async function waitFor(spec: ServiceSpec, seconds: number): Promise<boolean> {
  for (let i = 0; i < seconds * 4; i++) {
    if (await reachable(spec.host, spec.port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const isLocal = (host: string) => ["127.0.0.1", "localhost", "::1", "[::1]"].includes(host);
const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;
const isDebian = () => existsSync("/etc/debian_version") && existsSync("/usr/bin/apt-get");

function sh(cmd: string, log: Logger): void {
  log.debug(`$ ${cmd}`);
  execSync(cmd, { stdio: ["ignore", "ignore", "pipe"], shell: "/bin/bash", timeout: 15 * 60_000 });
}

export async function ensureService(spec: ServiceSpec, log: Logger): Promise<void> {
  if (await reachable(spec.host, spec.port)) return;
  const where = `${spec.host}:${spec.port}`;
  if (!isLocal(spec.host))
    throw new Error(`${spec.name} is not reachable at ${where}; start it or fix its URL`);
  if (!existsSync(BINARY[spec.name])) {
    if (!(isRoot() && isDebian()))
      throw new Error(
        `${spec.name} is not running at ${where} and not installed; install and start it (Debian: apt-get install ${PACKAGE[spec.name]})`,
      );
    log.info(`installing ${spec.name} with apt-get (${PACKAGE[spec.name]})`);
    sh(
      `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${PACKAGE[spec.name]}`,
      log,
    );
    if (!(await reachable(spec.host, spec.port))) sh(START[spec.name](), log);
    if (!(await waitFor(spec, 60))) throw new Error(`${spec.name} installed but did not start at ${where}`);
    const after = AFTER_INSTALL[spec.name];
    if (after) sh(after, log);
    return;
  }
  log.info(`starting ${spec.name} at ${where}`);
  try {
    sh(START[spec.name](), log);
  } catch (err) {
    throw new Error(`${spec.name} is installed but could not be started: run \`${START[spec.name]()}\``, {
      cause: err,
    });
  }
  if (!(await waitFor(spec, 60))) throw new Error(`${spec.name} was started but does not answer at ${where}`);
}

/** Host and port of each service named by these URLs (postgres://, mysql://, redis://). */
export function servicesFor(urls: string[]): ServiceSpec[] {
  const out = new Map<string, ServiceSpec>();
  for (const raw of urls) {
    const u = new URL(raw);
    const host = u.hostname || "127.0.0.1";
    const proto = u.protocol.replace(":", "");
    const name = proto.startsWith("postgres")
      ? "postgresql"
      : proto.startsWith("mysql") || proto.startsWith("mariadb")
        ? "mariadb"
        : proto === "redis"
          ? "redis"
          : null;
    if (!name) continue;
    const port = Number(u.port) || { postgresql: 5432, mariadb: 3306, redis: 6379 }[name];
    out.set(`${name}@${host}:${port}`, { name, host, port });
  }
  return [...out.values()];
}

export async function servicesUp(urls: string[], log: Logger): Promise<ServiceSpec[]> {
  const specs = servicesFor(urls);
  for (const s of specs) await ensureService(s, log);
  return specs;
}

/** Commands the tests need besides the services (LibreOffice opens the workbook as a real client would). */
const TEST_TOOLS = [{ command: "soffice", package: "libreoffice-calc" }];

function onPath(command: string): boolean {
  try {
    execSync(`command -v ${command}`, { stdio: "ignore", shell: "/bin/bash" });
    return true;
  } catch {
    return false;
  }
}

/** Installs the test tools with apt-get when missing (Debian, as root), else says what to install. */
export function ensureTestTools(log: Logger): void {
  for (const tool of TEST_TOOLS) {
    if (onPath(tool.command)) continue;
    if (!(isRoot() && isDebian()))
      throw new Error(
        `${tool.command} is needed by the tests; install it (Debian: apt-get install ${tool.package})`,
      );
    log.info(`installing ${tool.package} with apt-get (for ${tool.command})`);
    const install = `DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${tool.package}`;
    try {
      sh(install, log);
    } catch {
      sh(`apt-get update -qq && ${install}`, log);
    }
  }
}
