/** Reads a Dockerfile into stages of instructions (line continuations joined, comments dropped, ARG defaults applied). */

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const line of lines) {
    const match = /^(\S+)\s+(.*)$/.exec(line);
    if (!match) throw new Error(`cannot read Dockerfile line: ${line}`);
    const keyword = match[1].toUpperCase();
    const rest = match[2].replace(/\s+/g, ' ');
    if (keyword === 'ARG' && stages.length === 0) {
      const [name, value = ''] = rest.split('=');
      args.set(name, value);
      continue;
    }
    if (keyword === 'FROM') {
      const from = /^(\S+)(?: AS (\S+))?$/i.exec(rest);
      if (!from) throw new Error(`cannot read FROM ${rest}`);
      const image = from[1].replace(/\$\{(\w+)\}/g, (_, name: string) => args.get(name) ?? '');
      stages.push({ image, name: from[2], instructions: [] });
      continue;
    }
    if (stages.length === 0) throw new Error(`${keyword} before FROM`);
    stages[stages.length - 1].instructions.push({ keyword, args: rest });
  }
  return stages;
}

/** COPY [--from=x] [--chown=y] src... dest */
export function copyInstruction(instruction: Instruction): { from?: string; sources: string[]; destination: string } {
  const parts = instruction.args.split(' ');
  let from: string | undefined;
  while (parts[0]?.startsWith('--')) {
    const flag = parts.shift() as string;
    if (flag.startsWith('--from=')) from = flag.slice('--from='.length);
  }
  const destination = parts.pop() as string;
  return { from, sources: parts, destination };
}

/** ENV a=b c=d (the key=value form). */
export function envInstruction(instruction: Instruction): Record<string, string> {
  return Object.fromEntries(instruction.args.split(' ').map((pair) => pair.split('=') as [string, string]));
}
