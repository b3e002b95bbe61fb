// Schedules (Settings > Schedules) and the OS task that runs them while the window is
// closed. Field names and meaning: internal/workspace/schedules_dto.go and ostask.go.
import type { workspace } from '../../wailsjs/go/models';
import type { Dto } from './types';

export type ScheduleInput = Dto<workspace.ScheduleInput>;
export type ScheduleRow = Dto<workspace.ScheduleRow>;
export type ScheduleList = Dto<workspace.ScheduleList>;
export type OSTaskInfo = Dto<workspace.OSTaskInfo>;

/** ScheduleInput.cadence / the cadence a row runs on. */
export type Cadence = 'weekly' | 'monthly' | 'nightly' | 'off';
/** OSTaskInfo.state. */
export type OSTaskState = 'registered' | 'not_registered' | 'stale' | 'unavailable';
