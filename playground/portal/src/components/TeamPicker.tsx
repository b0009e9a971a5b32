import type { TeamDto } from '../../../../shared/contracts';

/** Checkboxes for an organization's teams; `chosen` holds team documentIds. */
export function TeamPicker({
  teams,
  chosen,
  onChange,
  label = 'Teams',
}: {
  teams: TeamDto[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
  label?: string;
}) {
  return (
    <fieldset className="teams">
      <legend>{label}</legend>
      {teams.map((team) => (
        <label key={team.documentId} className="inline">
          <input
            type="checkbox"
            checked={chosen.includes(team.documentId)}
            onChange={(e) =>
              onChange(e.target.checked ? [...chosen, team.documentId] : chosen.filter((id) => id !== team.documentId))
            }
          />
          {team.name}
        </label>
      ))}
    </fieldset>
  );
}
