export default definePageConfig({
  navigationBarTitleText: '附近加油站',
  enablePullDownRefresh: true,
})
