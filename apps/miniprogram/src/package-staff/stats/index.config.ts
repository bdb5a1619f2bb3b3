export default definePageConfig({ navigationBarTitleText: '本站统计' })
