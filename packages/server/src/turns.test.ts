import { describe, expect, it } from "vitest";
import { afterWaitingStarted, requestTurn } from "./turns.ts";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

// Starts a request as the server's first onRequest hook does; `log` records when it starts and in which turn.
function arrive(name: string, log: string[], turnOf: () => number): Promise<void> {
  const start = () => {
    log.push(`${name}@${turnOf()}`);
  };
  const wait = requestTurn();
  if (!wait) {
    start();
    return Promise.resolve();
  }
  return wait.then(start);
}

describe("request turns", () => {
  it("start requests that arrive together one per turn of the event loop, in the order they arrived", async () => {
    await nextTurn();
    let turn = 0;
    let counting = true;
    const count = () => {
      turn += 1;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const log: string[] = [];
    await Promise.all(["a", "b", "c", "d"].map((name) => arrive(name, log, () => turn)));
    counting = false;
    expect(log.map((entry) => entry.split("@")[0])).toEqual(["a", "b", "c", "d"]);
    const turns = log.map((entry) => Number(entry.split("@")[1]));
    expect(new Set(turns).size).toBe(4);
  });

  it("let an idle server start a request at once", async () => {
    await nextTurn();
    await nextTurn();
    expect(requestTurn()).toBeNull();
  });

  it("hold group commit until the requests waiting to start have started", async () => {
    await nextTurn();
    await nextTurn();
    const log: string[] = [];
    const requests = ["a", "b", "c"].map((name) => arrive(name, log, () => 0));
    await afterWaitingStarted();
    log.push("commit");
    await Promise.all(requests);
    expect(log).toEqual(["a@0", "b@0", "c@0", "commit"]);
  });
});
