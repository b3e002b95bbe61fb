export { Button } from './Button';
export type { ButtonProps, ButtonVariant } from './Button';
export { Badge } from './Badge';
export type { BadgeTone } from './Badge';
export { ConfirmDialog } from './ConfirmDialog';
export { Dialog } from './Dialog';
export { EmptyState } from './EmptyState';
export { Field, fieldAria } from './Field';
export { InlineAlert } from './InlineAlert';
export { MenuButton } from './Menu';
export type { MenuItem } from './Menu';
export { NoticeProvider, useNotices } from './Notices';
export { PageHeader } from './PageHeader';
export { RelativeTime } from './RelativeTime';
export { Spinner } from './Spinner';
export { useNow } from './useNow';
export { Select } from './Select';
export type { SelectOption } from './Select';
export { LazyTooltips, Tooltip } from './Tooltip';
// --- true-up: Mapping and Reconcile (G1) ---
export { Checkbox } from './Checkbox';
export { DataTable, dataColumns, dataTableFeatures, groupEntries } from './DataTable';
export type { DataColumn, DataTableProps } from './DataTable';
export { Kbd } from './Kbd';
export { Popover } from './Popover';
export { SearchInput } from './SearchInput';
export { SegmentedControl } from './SegmentedControl';
export type { Segment } from './SegmentedControl';
// --- end true-up: Mapping and Reconcile ---
