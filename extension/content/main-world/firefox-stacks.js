// Firefox: the page reads stacks without the frames of world-MAIN extension
// code (call-stack.js says why). Error.prototype's stack getter, and
// DOMException.prototype's stack, filename, lineNumber and columnNumber
// getters, are replaced by ones that give the native's answer without those
// frames; Error.captureStackTrace, which writes a stack as an own property,
// by one that writes it without them. Each replacement has its native's
// name, length and source (disguise.js). Nothing is replaced in Chromium,
// whose stacks call-stack.js handles through V8's call sites.

import { NativeError, ReflectDefineProperty, errorCaptureStackTrace } from './captured.js';
import { win } from './captured-web.js';
import { readsFirefoxText, scrubbed } from './call-stack.js';
import { disguise } from './disguise.js';
import { call, defineValue, ownDescriptor, ownGetter, ownValue } from './objects.js';
import { ANONYMOUS_CODE, pageLocation, withoutExtensionFrames } from './stack.js';

/** The native's answer, or what it throws, leaving without Vigie's frames. */
function answerOf(native, self, args) {
  try {
    return call(native, self, args);
  } catch (error) {
    throw scrubbed(error);
  }
}

const nativeAnswer = (getter, self) => answerOf(getter, self, []);

/** Puts `getters[key]` in place of `holder`'s getter of `key`, keeping its setter and flags. */
function replaceGetter(holder, key, getters) {
  const descriptor = holder ? ownDescriptor(holder, key) : undefined;
  const getter = ownGetter(getters, key);
  if (descriptor === undefined || typeof descriptor.get !== 'function' || typeof getter !== 'function') return;
  disguise(getter, descriptor.get);
  descriptor.get = getter;
  ReflectDefineProperty(holder, key, descriptor);
}

function hideFromErrors() {
  const prototype = NativeError.prototype;
  const nativeStack = ownGetter(prototype, 'stack');
  if (typeof nativeStack !== 'function') return;
  replaceGetter(prototype, 'stack', {
    get stack() {
      return withoutExtensionFrames(nativeAnswer(nativeStack, this));
    },
  });
}

/** DOMException keeps its stack and the location of its innermost frame behind getters of its own. */
function hideFromDomExceptions() {
  const DomException = ownValue(win, 'DOMException');
  const prototype = typeof DomException === 'function' ? ownValue(DomException, 'prototype') : undefined;
  const nativeStack = prototype ? ownGetter(prototype, 'stack') : undefined;
  const nativeFile = prototype ? ownGetter(prototype, 'filename') : undefined;
  if (typeof nativeStack !== 'function' || typeof nativeFile !== 'function') return;
  // The native's answer where it names page code; else the first frame of page code.
  const located = (self, nativeGetter, field) => {
    const answer = nativeAnswer(nativeGetter, self);
    if (nativeAnswer(nativeFile, self) !== ANONYMOUS_CODE) return answer;
    // Firefox 140.10 gives a DOMException no column (0), wherever it was
    // thrown: none to move, then.
    if (field === 'column' && answer === 0) return 0;
    const where = pageLocation(nativeAnswer(nativeStack, self));
    if (field === 'file') return where?.file ?? '';
    return (field === 'line' ? where?.line : where?.column) ?? 0;
  };
  const nativeLine = ownGetter(prototype, 'lineNumber');
  const nativeColumn = ownGetter(prototype, 'columnNumber');
  const getters = {
    get stack() {
      return withoutExtensionFrames(nativeAnswer(nativeStack, this));
    },
    get filename() {
      return located(this, nativeFile, 'file');
    },
    get lineNumber() {
      return located(this, nativeLine, 'line');
    },
    get columnNumber() {
      return located(this, nativeColumn, 'column');
    },
  };
  replaceGetter(prototype, 'stack', getters);
  replaceGetter(prototype, 'filename', getters);
  if (typeof nativeLine === 'function') replaceGetter(prototype, 'lineNumber', getters);
  if (typeof nativeColumn === 'function') replaceGetter(prototype, 'columnNumber', getters);
}

/** Error.captureStackTrace(object): its own `stack`, written without the frames. */
function hideFromCapturedStacks() {
  const native = errorCaptureStackTrace;
  const slot = ownDescriptor(NativeError, 'captureStackTrace');
  if (native === null || slot === undefined || slot.value !== native) return;
  const wrapper = {
    captureStackTrace(object) {
      // eslint-disable-next-line prefer-rest-params
      const result = answerOf(native, this, arguments);
      const own = ownDescriptor(object, 'stack');
      if (own !== undefined && typeof own.value === 'string' && own.writable === true) {
        defineValue(object, 'stack', withoutExtensionFrames(own.value), true, own.enumerable === true, own.configurable === true);
      }
      return result;
    },
  }.captureStackTrace;
  const length = ownDescriptor(native, 'length');
  if (length !== undefined) ReflectDefineProperty(wrapper, 'length', length);
  disguise(wrapper, native);
  defineValue(NativeError, 'captureStackTrace', wrapper, slot.writable === true, slot.enumerable === true, slot.configurable === true);
}

/** In Firefox, once learnStackFormat has run: the page's stack readers without extension frames. */
export function hideExtensionFrames() {
  if (!readsFirefoxText()) return;
  hideFromErrors();
  hideFromDomExceptions();
  hideFromCapturedStacks();
}
