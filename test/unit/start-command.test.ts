import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const startScript = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
const dockerCmd = /^CMD (\[.*\])$/m.exec(readFileSync(new URL('Dockerfile', root), 'utf8'))?.[1];

describe('the start command', () => {
  it('npm start and the container run the same node command, flags included (bench:overhead reads them from npm start)', () => {
    expect(startScript).toMatch(/^node (--[\w-]+=\S+ )*dist\/main\.js$/);
    expect(dockerCmd).toBeDefined();
    expect((JSON.parse(dockerCmd!) as string[]).join(' ')).toBe(startScript);
  });
});
