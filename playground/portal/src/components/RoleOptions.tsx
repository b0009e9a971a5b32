import { roleLabel } from '../format';

/** The `<option>`s of a role select: the roles a member may grant, by their labels. */
export function RoleOptions({ roles }: { roles: readonly string[] }) {
  return (
    <>
      {roles.map((role) => (
        <option key={role} value={role}>
          {roleLabel(role)}
        </option>
      ))}
    </>
  );
}
