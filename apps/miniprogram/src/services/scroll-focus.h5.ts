/**
 * H5: Taro draws each page in its own scrolling box (`.taro_router > .taro_page`), and a ScrollView is one too. A
 * keyboard (or a switch device) reaches what scrolls inside only when the box can take focus (WCAG 2.1.1; axe's
 * scrollable-region-focusable): each gets tabindex 0 as the router and the pages add them.
 */
const SCROLL_BOXES = '.taro_router > .taro_page:not([tabindex]), taro-scroll-view-core:not([tabindex])'

export function focusableScrollBoxes(): () => void {
  const mark = () => document.querySelectorAll(SCROLL_BOXES).forEach((box) => box.setAttribute('tabindex', '0'))
  mark()
  const observer = new MutationObserver(mark)
  observer.observe(document.querySelector('.taro_router') ?? document.body, { childList: true, subtree: true })
  return () => observer.disconnect()
}
