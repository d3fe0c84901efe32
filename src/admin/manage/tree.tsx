// The units a user reaches as a tree by parent unit (a UPT under its dinas). A unit whose parent the
// user does not reach stands at the top.
import type { ManageMessages } from '../../i18n/admin-manage.ts';
import type { ReachedUnit } from '../access.ts';

export function UnitTree({ units, m }: { units: ReachedUnit[]; m: ManageMessages }) {
  const reached = new Set(units.map((u) => u.id));
  const children = new Map<string | null, ReachedUnit[]>();
  for (const u of units) {
    const parent = u.parentId && reached.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const shown = new Set<string>();
  const branch = (list: ReachedUnit[]) => (
    <ul>
      {list.map((u) => {
        shown.add(u.id);
        const below = (children.get(u.id) ?? []).filter((c) => !shown.has(c.id));
        return (
          <li>
            <a href={`/admin/units/${u.slug}`}>{u.name}</a> <span class={`badge ${u.active ? 'ok' : 'bad'}`}>{u.active ? m.active : m.inactive}</span> ·{' '}
            <a href={`/admin/dashboard/${u.slug}`}>
              {m.dashboard}
              <span class="sr-only"> {u.name}</span>
            </a>
            {below.length > 0 && branch(below)}
          </li>
        );
      })}
    </ul>
  );
  return <div class="tree">{branch(children.get(null) ?? [])}</div>;
}
