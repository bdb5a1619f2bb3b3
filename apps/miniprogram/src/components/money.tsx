import { Text } from '@tarojs/components'

import { moneyText } from '../domain/money'

/**
 * The only way an amount reaches the screen: integer fen in, "¥12.34" or "¥100" out; `signed` for wallet rows
 * ("+¥100"); `was` strikes a list price through beside the price paid.
 */
export function Money({ fen, className, signed, was }: { fen: number; className?: string; signed?: boolean; was?: boolean }) {
  return <Text className={[className, was ? 'money--was' : ''].filter(Boolean).join(' ') || undefined}>{moneyText(fen, { signed })}</Text>
}
