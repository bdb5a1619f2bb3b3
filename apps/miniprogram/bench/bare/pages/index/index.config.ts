export default definePageConfig({ navigationBarTitleText: '加油站' })
