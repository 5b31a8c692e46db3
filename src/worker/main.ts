// The simulation worker (a worker_threads worker of the extension host): runs programs in the
// engine with the step trace and answers the panel's questions about their steps.
export {};
