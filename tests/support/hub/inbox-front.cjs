// Runs nginx (the inbox front) in the foreground and ends it when the process that
// started this one goes away, however it went: that process holds this one's stdin open,
// so its end closes it (as pouchdb-server.cjs does for the hub). nginx alone would outlive
// a killed parent and keep its port.
const { spawn } = require("node:child_process");

const [nginx, ...args] = process.argv.slice(2);
const child = spawn(nginx, args, { stdio: ["ignore", "inherit", "inherit"] });
const stop = (signal) => {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
process.stdin.on("end", () => stop("SIGTERM"));
process.stdin.resume();
for (const signal of ["SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP"]) process.on(signal, () => stop(signal === "SIGINT" ? "SIGTERM" : signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
