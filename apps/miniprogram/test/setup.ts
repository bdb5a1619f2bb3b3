// Globals that Taro's runtime reads and that the build normally defines (see STACK.md, "Taro + jest").
const taroBuildFlags = {
  ENABLE_INNER_HTML: true,
  ENABLE_ADJACENT_HTML: true,
  ENABLE_SIZE_APIS: true,
  ENABLE_TEMPLATE_CONTENT: true,
  ENABLE_CLONE_NODE: true,
  ENABLE_CONTAINS: true,
  ENABLE_MUTATION_OBSERVER: true,
  // Read by @tarojs/components/lib/react at import time (not listed in STACK.md): false = register the web components.
  DEPRECATED_ADAPTER_COMPONENT: false,
  // Our own build-time constant (config/index.ts defineConstants).
  API_BASE: 'http://gateway.test',
  DEV_SIGN_IN: true,
  SERVICE_HOTLINE: '400-000-0000',
}

Object.assign(globalThis, taroBuildFlags)
process.env.TARO_ENV = 'h5'
process.env.TARO_PLATFORM = 'web'
