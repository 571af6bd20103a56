// The pages update state from fetch responses and the SSE reader, outside any act() scope. Testing Library's
// render still wraps its own work in act(); everything else runs as in a browser. Testing Library turns the flag
// on in its beforeAll, so it is turned off again before each test.
beforeEach(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
});

// jsdom has no canvas: getContext returns null without jsdom's "not implemented" console noise, so charts show
// their no-canvas fallback in component tests.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;

afterEach(() => {
  sessionStorage.clear();
  window.location.hash = "";
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
