import { DatePicker } from "@mantine/dates";
import dayjs from "dayjs";

// The calendar inside DuePicker's dropdown, in its own chunk.
export function DueCalendar({ value, onPick }: { value: string | null; onPick(date: string | null): void }) {
  return <DatePicker value={value} onChange={(date) => onPick(date ? dayjs(date).format("YYYY-MM-DD") : null)} />;
}
