// The category a task is counted under in the leaderboard. A `category` field (in the
// task's `task.json`, or its contract.json) wins; otherwise the task's name is matched
// against the kinds of system SimBench's tasks cover, by the words in it. Pure.

export const CATEGORY_RULES: readonly { category: string; words: RegExp }[] = [
  { category: 'ros', words: /(^|_)(ros|handler)|ros($|_)/ },
  { category: 'sensor', words: /camera|lidar|radar|gps|imu|sensor/ },
  {
    category: 'vehicle',
    words:
      /vehicle|veh($|_)|car($|_)|bus|truck|sedan|hmmwv|m113|gator|kraz|feda|uaz|(^|_)man($|_)|art($|_)|highway|scm|terrain|tire|tyre|patch/,
  },
  { category: 'robot', words: /robot|rover|curiosity|viper|turtlebot|arm|quadruped|legged/ },
  { category: 'fea', words: /beam|cable|shell|cloth|fea|buckling|plate|mesh|ancf/ },
  {
    category: 'mbs',
    words:
      /pendulum|crank|gear|spring|damper|rotor|particle|joint|mechanism|linkage|pulley|motor|ball|collision|contact/,
  },
];

export function categoryOf(task: string, declared?: string | null): string {
  if (declared?.trim()) return declared.trim();
  const name = task.toLowerCase();
  return CATEGORY_RULES.find((rule) => rule.words.test(name))?.category ?? 'other';
}
