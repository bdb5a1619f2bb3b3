/** Mini-programs have no DOM to mark: their pages and scroll views are the platform's own (scroll-focus.h5.ts). */
export function focusableScrollBoxes(): () => void {
  return () => undefined
}
