// The baseline of `npm run bench`'s app benchmark: a bare Taro hello page built with the app's own config.
export default defineAppConfig({ pages: ['pages/index/index'], window: { navigationBarTitleText: '加油站' } })
