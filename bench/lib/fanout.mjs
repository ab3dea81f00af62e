// WebSocket fan-out: `clients` distinct people (members of the list project) connect to /api/1.0/realtime
// with their tokens; then one person renames tasks of that project, one write at a time, and every client
// records when the task's "changed name" event reaches it. Latency is measured from the moment the write was
// sent (it includes the write itself) and from its HTTP answer; a client that never gets the event within
// 10 s counts as missed.
import WebSocket from "ws";
import { sampleMemory } from "./takt-server.mjs";

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : Number.NaN;

function connect(url, token) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
    const timer = setTimeout(() => reject(new Error("no hello from /realtime within 20 s")), 20_000);
    socket.once("message", (raw) => {
      clearTimeout(timer);
      const message = JSON.parse(String(raw));
      if (message.type === "hello") resolve(socket);
      else reject(new Error(`/realtime said ${String(raw)}`));
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export async function fanout(server, state, { clients = 200, writes = 30 } = {}) {
  const people = [...state.people, ...state.observers].slice(0, clients);
  const url = `${server.base.replace(/^http/, "ws")}/api/1.0/realtime`;
  const sockets = [];
  for (let index = 0; index < people.length; index += 20) {
    sockets.push(...(await Promise.all(people.slice(index, index + 20).map((person) => connect(url, person.token)))));
  }
  let current = null;
  for (const socket of sockets) {
    socket.on("message", (raw) => {
      if (!current) return;
      const message = JSON.parse(String(raw));
      const event = message.event;
      if (
        message.type === "event" &&
        event?.resource?.gid === current.gid &&
        event.change?.field === "name" &&
        !current.received.has(socket)
      ) {
        current.received.set(socket, performance.now());
        if (current.received.size === sockets.length) current.done();
      }
    });
  }
  const listTasks = state.actorTasks.filter((task) => task.project === state.listProject);
  const writer = state.people[0];
  const fromSend = [];
  const fromAck = [];
  let missed = 0;
  const { peakRssMiB } = await sampleMemory(server.pid, async () => {
    for (let index = 0; index < writes; index += 1) {
      const gid = String(listTasks[index % listTasks.length].gid);
      let done;
      const all = new Promise((resolve) => {
        done = resolve;
      });
      current = { gid, received: new Map(), done };
      const sent = performance.now();
      const response = await fetch(`${server.api}/tasks/${gid}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${writer.token}`, "content-type": "application/json" },
        body: JSON.stringify({ data: { name: `Fan-out ${index} ${Date.now()}` } }),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`PUT /tasks/${gid} -> ${response.status}`);
      const acked = performance.now();
      let timer;
      await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
      clearTimeout(timer);
      for (const at of current.received.values()) {
        fromSend.push(at - sent);
        fromAck.push(Math.max(0, at - acked));
      }
      missed += sockets.length - current.received.size;
      current = null;
      // Let the server settle, so each write's fan-out is measured alone.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  for (const socket of sockets) socket.close();
  fromSend.sort((a, b) => a - b);
  fromAck.sort((a, b) => a - b);
  const summary = (values) => ({
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.at(-1) ?? Number.NaN,
  });
  return {
    clients: sockets.length,
    distinctUsers: new Set(people.map((person) => person.gid)).size,
    writes,
    deliveries: fromSend.length,
    missed,
    fromSend: summary(fromSend),
    fromAck: summary(fromAck),
    peakRssMiB,
  };
}
