/**
 * The one money style on screen (issue 23): whole yuan without ".00" (¥100, 满200减15), fen where there are some
 * (¥12.50, ¥7.29/升), "+" on what comes in. Written once in @fuel/shared (the server's texts and the tests use it
 * too); what is only the app's is here.
 */
import type { Product } from '@fuel/shared/client'

export { moneyText, yuanText } from '@fuel/shared/client'

/** Whether a product shows the member's own price, with its list price struck through beside it. */
export function memberPriced(product: Pick<Product, 'priceFen' | 'memberPriceFen'>): boolean {
  return product.memberPriceFen !== undefined && product.memberPriceFen < product.priceFen
}
