import { Text } from '@tarojs/components'
import { formatYuan } from '@fuel/shared/client'

/** The only way an amount reaches the screen: integer fen in, "¥12.34" out. */
export function Money({ fen, className }: { fen: number; className?: string }) {
  return <Text className={className}>{formatYuan(fen, { symbol: true })}</Text>
}
