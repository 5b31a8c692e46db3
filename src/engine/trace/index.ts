// The step trace's public face: the recorder that a run is traced with, the snapshot format it
// rebuilds (the whole simulated memory state after any line step), and the step view the memory
// panel draws (a bounded window onto that state).

export { TraceRecorder, recordRun, shortRepr } from './recorder';
export type { TraceOptions, StepReader, StepColumns, Census } from './recorder';
export * from './snapshot';
export * from './view';
export { stepView, readerView, NOT_FOLLOWED } from './window';
export { Replay, ReplayDivergedError } from './replay';
export type { ReplayOptions } from './replay';
export { allocMapView, sizeClassTable, poolChanges, ALLOC_MAP_LIMITS } from './allocmap';
export type {
  AllocMapQuery, AllocMapView, AllocMapArena, AllocMapRaw, AllocMapPool, AllocMapOwner, AllocMapPoolChange, AllocMapChanges, SizeClassRow,
} from './allocmap';
export { HeapLog, HEAP_FIGURES } from './memorySeries';
export type { MemorySeries, MemoryMark, SeriesFigure, HeapFigure, HeapFigures } from './memorySeries';
export { objectDetails, objectAllocations, blockFor, DETAILS_LIMITS } from './details';
export type { ObjectDetailsQuery, ObjectDetails, ObjectAllocations, DetailsAllocation, DetailsReferrer, DetailsInternal, DetailsChain, ChainHop, ReferrerKind } from './details';
export { collectionsView, CollectionLog, COLLECTION_LIMITS } from './collections';
export type {
  CollectionsQuery, CollectionsView, CollectionSummary, CollectionRecord, GcIdList, GcObjectEntry, GcReason,
} from './collections';
