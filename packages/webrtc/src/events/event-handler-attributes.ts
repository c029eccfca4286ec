/**
 * The `on<event>` attributes of HTML's event handler processing model, as WebRTC's interfaces
 * declare them: setting one registers a single listener in the order of first assignment,
 * replacing the handler keeps that position, null (or a non-callable) removes it. Reading one
 * gives the handler or null.
 */

type Handler = ((this: EventTarget, event: Event) => unknown) | null;

const handlers = new WeakMap<
  EventTarget,
  Map<string, { handler: Handler; listener: (event: Event) => void }>
>();

/** Defines `on<type>` for each of `types` on `prototype`. */
export function defineEventHandlers(prototype: EventTarget, types: readonly string[]): void {
  for (const type of types) {
    Object.defineProperty(prototype, `on${type}`, {
      configurable: true,
      enumerable: true,
      get(this: EventTarget): Handler {
        return handlers.get(this)?.get(type)?.handler ?? null;
      },
      set(this: EventTarget, value: unknown) {
        let map = handlers.get(this);
        if (!map) {
          map = new Map();
          handlers.set(this, map);
        }
        const handler = typeof value === 'function' ? (value as Handler) : null;
        const entry = map.get(type);
        if (entry) {
          entry.handler = handler;
          return;
        }
        if (handler === null) return;
        const slot = {
          handler,
          listener: (event: Event) => {
            // The current handler, so a replaced handler keeps its listener's position.
            const current = slot.handler;
            if (current === null) return;
            const result = current.call(this, event);
            // HTML: a handler returning false cancels the event.
            if (result === false) event.preventDefault();
          },
        };
        map.set(type, slot);
        this.addEventListener(type, slot.listener);
      },
    });
  }
}
