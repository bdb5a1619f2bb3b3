import { defineConfig, type UserConfigExport } from '@tarojs/cli'

import devConfig from './dev'
import prodConfig from './prod'

/** A release build (DEPLOY_ENV=production): no development sign-in, and a gateway the stores will accept. */
const RELEASE = process.env.DEPLOY_ENV === 'production'

/**
 * Base URL of the gateway, baked in at build time: `API_BASE=https://api.example.com pnpm build`.
 * H5 defaults to the same origin (the page is served next to /api by `npm start`'s H5 server or a reverse
 * proxy); the mini-program platforms need an absolute URL, and a release build an https one (WeChat and Alipay
 * only call https domains registered in their consoles): without it the build stops instead of shipping
 * `http://localhost:3000` to drivers' phones.
 */
function gatewayBase(): string {
  const configured = process.env.API_BASE
  const sameOrigin = process.env.TARO_ENV === 'h5'
  if (RELEASE && configured === undefined && !sameOrigin) throw new Error('API_BASE: a release build needs the gateway\'s https URL, e.g. API_BASE=https://api.example.com')
  if (RELEASE && configured !== undefined && !(sameOrigin && configured === '') && !/^https:\/\/[^/\s]+/.test(configured)) throw new Error(`API_BASE: a release build calls the gateway over https, not ${JSON.stringify(configured)}`)
  return configured ?? (sameOrigin ? '' : 'http://localhost:3000')
}
const API_BASE = gatewayBase()

/**
 * The chain's customer service hotline for 联系客服 on H5 and Alipay (`SERVICE_HOTLINE=400-xxx-xxxx`); WeChat uses its
 * own 客服 conversation. Development builds show a placeholder number; a release build without one leaves the entry out.
 */
const SERVICE_HOTLINE = process.env.SERVICE_HOTLINE ?? (RELEASE ? '' : '400-000-0000')

/** The H5 development sign-in is compiled out of release builds. */
const DEV_SIGN_IN = !RELEASE

/** Dependencies that ship syntax newer than our targets and must go through Babel like our own code. */
const transpiledDependency = (modulePath: string) => /[\\/]@tanstack[\\/]/.test(modulePath)

// Each platform gets its own folder: dist/h5, dist/weapp, dist/alipay.
const platform = process.env.TARO_ENV || 'h5'
/** BARE_PAGE=1 builds the benchmark's baseline (bench/bare, a hello page) with this same config into dist/h5-bare. */
const bare = process.env.BARE_PAGE === '1'

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'fuel-miniprogram',
    date: '2025-11-26',
    // NutUI is drawn on a 375 px design, our own styles on 750.
    designWidth(input) {
      const file = typeof input === 'object' && input !== null ? (input as { file?: string }).file : undefined
      return file?.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750
    },
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: bare ? 'bench/bare' : 'src',
    // OUTPUT_ROOT: another folder for the same platform (the H5 release build the tests check beside the dev one).
    outputRoot: process.env.OUTPUT_ROOT ?? (bare ? `dist/${platform}-bare` : `dist/${platform}`),
    plugins: [],
    defineConstants: {
      API_BASE: JSON.stringify(API_BASE),
      DEV_SIGN_IN: JSON.stringify(DEV_SIGN_IN),
      SERVICE_HOTLINE: JSON.stringify(SERVICE_HOTLINE),
    },
    copy: {
      // The demo stations' photos (drawn by scripts/station-photos.py) at /static/stations/ on every platform, and
      // the map marker as a file: WeChat's native map does not show an inlined (base64) marker icon.
      patterns: bare
        ? []
        : [
            { from: 'src/static/stations/', to: `dist/${platform}/static/stations/` },
            ...(platform === 'h5'
              ? []
              : [
                  { from: 'src/assets/marker.png', to: `dist/${platform}/assets/marker.png` },
                  // The attendant console's signals (H5 plays the same tones with WebAudio).
                  { from: 'src/assets/sounds/', to: `dist/${platform}/assets/sounds/` },
                ]),
          ],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    // esbuild minifies in a fraction of terser's time (the builds are the longest part of `npm test`). Like terser it
    // only minifies: Babel has already lowered our code; ES2015 is what the dependencies we ship untranspiled use.
    jsMinimizer: 'esbuild',
    esbuild: { minify: { enable: true, config: { target: 'es2015' } } },
    cache: {
      enable: false,
    },
    mini: {
      // @tanstack/query-core ships ES2022 private fields: older mini-program runtimes cannot parse them.
      compile: { include: [transpiledDependency] },
      postcss: {
        pxtransform: {
          enable: true,
          config: {},
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
    },
    h5: {
      // Taro's minifier quotes object keys and so breaks ES2022 private fields (`#"e"`): Babel lowers them first.
      compile: { include: [transpiledDependency] },
      // Relative public path: dist/h5 can be served as static files from any folder.
      publicPath: './',
      staticDirectory: 'static',
      router: {
        mode: 'hash',
      },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      webpackChain(chain) {
        // Taro's runtime alone is ~300 KiB: webpack's 244 KiB entrypoint hint is noise for a mini-program H5 build.
        chain.performance.hints(false)
      },
      postcss: {
        autoprefixer: {
          enable: true,
          config: {},
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
