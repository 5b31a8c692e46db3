// What the components may ask of the panel: the controller implements it, the components call
// it and never post messages or write the store themselves.

import type { PyVersion } from '../shared/protocol';

export interface Actions {
  first(): void;
  previous(): void;
  next(): void;
  last(): void;
  /** the slider: the latest position wins */
  goTo(step: number): void;
  /** the slider's thumb is pressed (true) or let go (false) */
  scrub(active: boolean): void;
  togglePlay(): void;
  setSpeed(stepsPerSecond: number): void;
  heapChange(direction: 1 | -1): void;
  selectVersion(version: PyVersion): void;
  rerun(): void;
  cancel(): void;
  revealLine(line: number): void;
  /** compare the step shown on two versions (a snippet's `@compare`) */
  compareVersions(versions: [PyVersion, PyVersion]): void;
  select(id: number | null): void;
  expand(type: string): void;
  collapse(type: string): void;
  /** the Allocator tab is shown (true) or another tab is */
  showAllocator(open: boolean): void;
  /** zoom the allocator map into the pool at this address (null: back to the whole map) */
  openPool(address: number | null): void;
  /** the Memory tab is shown, `buckets` points wide: the run's series is asked for once */
  showMemory(buckets: number): void;
  /** the Memory tab zooms into steps from..to, or back to the whole run */
  zoomMemory(from: number, to: number, buckets: number): void;
  resetMemoryZoom(): void;
  /** the Collector tab is shown (true) or another tab is */
  showCollector(open: boolean): void;
  /** open a collection by its index in the run, to step its phases (null: back to the list) */
  openCollection(index: number | null): void;
  /** show a phase of the collection opened */
  showPhase(index: number): void;
}
