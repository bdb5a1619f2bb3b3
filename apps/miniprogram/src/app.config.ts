// Pages on the first screen stay in the main package; everything reached from them is a sub-package, so the
// first download stays small (WeChat caps the main package at 2 MB).
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/mall/index', 'pages/me/index'],
  subPackages: [
    { root: 'package-station', pages: ['detail/index'] },
    { root: 'package-member', pages: ['login/index', 'wallet/index', 'coupons/index', 'profile/index', 'recharge/index', 'pay-result/index', 'addresses/index', 'member-code/index'] },
    { root: 'package-order', pages: ['fuel/index', 'orders/index', 'detail/index'] },
    { root: 'package-mall', pages: ['product/index', 'cart/index', 'checkout/index'] },
    { root: 'package-staff', pages: ['login/index', 'home/index', 'redeem/index', 'orders/index', 'inventory/index', 'stats/index', 'dashboard/index', 'accounts/index', 'audit/index', 'password/index'] },
  ],
  tabBar: {
    color: '#5c6370',
    selectedColor: '#d0282c',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab-home.png', selectedIconPath: 'assets/tab-home-active.png' },
      { pagePath: 'pages/mall/index', text: '商城', iconPath: 'assets/tab-mall.png', selectedIconPath: 'assets/tab-mall-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab-me.png', selectedIconPath: 'assets/tab-me-active.png' },
    ],
  },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#d0282c',
    navigationBarTitleText: '加油站',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f8',
  },
  permission: {
    'scope.userLocation': { desc: '用于查找您附近的加油站' },
  },
  requiredPrivateInfos: ['getLocation'],
})
