// What the hooks may send. Calls: a bucket of 300 that refills at 5 per
// second, so a long-lived single-page app keeps being watched while a flood
// is cut. Dropped calls are counted and announced at most once per second
// ({kind:'dropped', count}; the observer files it as a bridge drop).
// Replacements are rare; a page creating scripts in a loop gets 50.

import { post } from './bridge.js';
import { later } from './later.js';
import { now } from './objects.js';

const CALL_BURST = 300;
const CALL_REFILL_PER_MS = 5 / 1000;
const MAX_REPLACEMENT_REPORTS = 50;

let callTokens = CALL_BURST;
let lastRefill = now();
let droppedCalls = 0;
let dropNoticePending = false;
let replacementReports = 0;

/** Whether one more call may be reported now. */
export function admitCall() {
  const t = now();
  callTokens += (t - lastRefill) * CALL_REFILL_PER_MS;
  if (callTokens > CALL_BURST) callTokens = CALL_BURST;
  lastRefill = t;
  if (callTokens >= 1) {
    callTokens -= 1;
    return true;
  }
  droppedCalls++;
  if (!dropNoticePending) {
    dropNoticePending = true;
    later(1000, () => {
      dropNoticePending = false;
      post({ __proto__: null, kind: 'dropped', count: droppedCalls });
      droppedCalls = 0;
    });
  }
  return false;
}

/** Whether one more replacement may be reported (and counts it). */
export function admitReplacementReport() {
  if (replacementReports >= MAX_REPLACEMENT_REPORTS) return false;
  replacementReports++;
  return true;
}
