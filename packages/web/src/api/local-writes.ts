// Local optimistic writes (a move, an edit): live updates wait until none is in flight, and drop what they fetched
// if one started meanwhile (the epoch moved), so a slower read never undoes what the person just did.
export const localWrites = { inflight: 0, epoch: 0 };

export function beginLocalWrite(): () => void {
  localWrites.inflight += 1;
  localWrites.epoch += 1;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    localWrites.inflight -= 1;
    localWrites.epoch += 1;
  };
}

// A cached row changed locally: a live read that started before it is stale.
export function markLocalChange() {
  localWrites.epoch += 1;
}
