// A minimal Marionette client: Firefox's remote protocol, a TCP socket
// speaking JSON, which Debian's firefox-esr serves with `-marionette`. No
// geckodriver, no npm package. Each message is `<length>:<json>`; a
// command is [0, id, name, params], its answer [1, id, error, result]. The
// server opens with a hello ({ marionetteProtocol: 3, … }).
//
// Commands used here are WebDriver's (WebDriver:Navigate, …) plus Firefox's
// own (Addon:Install, Marionette:SetContext); see Firefox's
// remote/marionette/driver.sys.mjs.

import net from 'node:net';

export class Marionette {
  static connect(port, host = '127.0.0.1') {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host);
      const client = new Marionette(socket);
      socket.once('error', reject);
      client.hello = new Promise((helloResolve) => {
        client.onHello = helloResolve;
      });
      client.hello.then(() => {
        socket.off('error', reject);
        resolve(client);
      });
    });
  }

  constructor(socket) {
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    this.nextId = 1;
    this.pending = new Map();
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('close', () => {
      for (const { reject } of this.pending.values()) reject(new Error('Marionette connection closed'));
      this.pending.clear();
    });
    socket.on('error', () => {});
  }

  receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
      if (this.buffer.length < colon + 1 + length) return;
      const message = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(colon + 1 + length);
      if (!Array.isArray(message)) {
        this.onHello?.(message);
        continue;
      }
      const [, id, error, result] = message;
      const waiter = this.pending.get(id);
      if (!waiter) continue;
      this.pending.delete(id);
      if (error) {
        const failure = new Error(`${waiter.name}: ${error.error}: ${error.message}`);
        failure.webdriver = error.error;
        waiter.reject(failure);
      } else {
        waiter.resolve(result);
      }
    }
  }

  /** Sends command `name`; resolves to its result, or rejects with its error (or after `timeout` ms). */
  send(name, params = {}, { timeout = 60000 } = {}) {
    const id = this.nextId++;
    const text = JSON.stringify([0, id, name, params]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${name}: no answer in ${timeout} ms`));
      }, timeout);
      this.pending.set(id, {
        name,
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.socket.write(`${Buffer.byteLength(text)}:${text}`);
    });
  }

  /** Marionette takes the capabilities flat (geckodriver merges W3C's alwaysMatch into this). */
  newSession(capabilities = {}) {
    return this.send('WebDriver:NewSession', capabilities);
  }

  /** Installs the add-on at `path` (a folder or .xpi); resolves to its id. */
  async installAddon(path, { temporary = true } = {}) {
    return (await this.send('Addon:Install', { path, temporary })).value;
  }

  /** 'content' (web pages) or 'chrome' (the browser itself, for privileged scripts). */
  setContext(context) {
    return this.send('Marionette:SetContext', { value: context });
  }

  navigate(url) {
    return this.send('WebDriver:Navigate', { url });
  }

  /** Runs `script` (a function body; `arguments` holds `args`); a returned promise is awaited. */
  async execute(script, args = [], { timeout } = {}) {
    return (await this.send('WebDriver:ExecuteScript', { script, args }, { timeout })).value;
  }

  /**
   * Clicks the first element matching the CSS `selector` as a person would:
   * WebDriver's element click dispatches trusted events (`isTrusted`), which
   * a script's `element.click()` does not.
   */
  async click(selector) {
    const found = await this.send('WebDriver:FindElement', { using: 'css selector', value: selector });
    const reference = found.value ?? found;
    const id = reference['element-6066-11e4-a52e-4f735466cecf'] ?? reference.ELEMENT;
    await this.send('WebDriver:ElementClick', { id });
  }

  /**
   * Types `text` into the first element matching `selector` as a person
   * would (WebDriver's element send keys: focus, then trusted key and
   * input events, one character at a time).
   */
  async type(selector, text) {
    const found = await this.send('WebDriver:FindElement', { using: 'css selector', value: selector });
    const reference = found.value ?? found;
    const id = reference['element-6066-11e4-a52e-4f735466cecf'] ?? reference.ELEMENT;
    await this.send('WebDriver:ElementSendKeys', { id, text });
  }

  async newTab() {
    return (await this.send('WebDriver:NewWindow', { type: 'tab' })).handle;
  }

  switchTo(handle) {
    return this.send('WebDriver:SwitchToWindow', { handle, focus: true });
  }

  async windowHandle() {
    return (await this.send('WebDriver:GetWindowHandle')).value;
  }

  closeTab() {
    return this.send('WebDriver:CloseWindow');
  }

  async quit() {
    await this.send('Marionette:Quit', { flags: ['eForceQuit'] }, { timeout: 10000 }).catch(() => {});
    this.socket.destroy();
  }
}
