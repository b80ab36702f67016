// Package executions runs flows and serves the executions API with Kestra's
// semantics (kestra-io/kestra: webserver ExecutionController, core
// ExecutionService, State, ConcurrencyLimitService): create, get, search,
// follow; kill (with cascade), restart, resume (with inputs), pause,
// force-run, unqueue, replay (from a task run, with inputs), change-status,
// task run state, labels, delete; every by-ids and by-query bulk route;
// latest, flow graph, flow info, eval-expression, output file download and
// metadata, and Webhook triggers. Executions, their files and their logs
// are kept per tenant.
//
// # States
//
// Executions go CREATED -> RUNNING -> SUCCESS | WARNING | FAILED, through
// QUEUED (concurrency limit), PAUSED (Pause task, pause action),
// RESTARTED (restart, resume of a Pause task, task run state change),
// KILLING -> KILLED (kill) and CANCELLED; executionTransitions lists what
// is legal, and every action checks Kestra's preconditions and answers its
// status codes and messages (see actions.go). Task runs have one attempt
// per run: a restart or a retry adds one, and log lines carry the attempt
// number (0 for the first).
//
// # What the runner interprets
//
// Tasks run in order; known types that are not listed here fail their task
// ("not supported by kestrasim"). Every task takes allowFailure (a failure
// ends it WARNING), disabled, and retry {maxAttempts, interval} (a failed
// attempt ends RETRIED, the task run goes RETRYING, then runs again).
//
//	io.kestra.plugin.core.log.Log              message (string or list), level (TRACE..ERROR; INFO)
//	io.kestra.plugin.core.flow.Sleep           duration (ISO-8601)
//	io.kestra.plugin.core.execution.Fail       condition (fails when it renders truthy), errorMessage
//	io.kestra.plugin.core.debug.Return         format -> outputs.value
//	io.kestra.plugin.core.output.OutputValues  values (map, rendered) -> outputs.values
//	io.kestra.plugin.core.storage.Write        content (rendered) or size, extension (.ion) -> outputs.uri
//	io.kestra.plugin.core.flow.Pause           onResume (inputs the resume action validates), pauseDuration
//	                                           (legacy delay) with behavior RESUME|WARN|CANCEL|FAIL,
//	                                           legacy timeout (fails once elapsed); outputs.onResume, outputs.resumed
//	io.kestra.plugin.core.flow.Subflow         namespace, flowId, revision, inputs, labels, inheritLabels,
//	                                           wait (true), transmitFailed (true) -> outputs.executionId,
//	                                           and when it waits outputs.state and outputs.outputs
//
// Write's size (kestrasim's own property: bytes, or a number with B, KB, MB,
// GB, KiB, MiB, GiB) makes a file of that many deterministic bytes (an
// AES-CTR keystream keyed by the file's URI) generated as it is read, never
// held: large downloads cost no memory.
//
// Flow properties the runner reads: inputs (validated and typed like
// Kestra's), outputs (rendered after a successful run), labels, errors (run
// after a failure), finally (always run), disabled, concurrency {limit,
// behavior: QUEUE (default) | CANCEL | FAIL} (executions beyond the limit
// of running ones are queued — and started in order as slots free —,
// cancelled or failed), and triggers of type
// io.kestra.plugin.core.trigger.Webhook {key, wait, returnOutputs, inputs,
// disabled}, served without authentication at
// /api/v1/{tenant}/executions/webhook/{namespace}/{flowId}/{key}.
//
// # Expressions
//
// Properties are rendered with kestrasim's small, honest subset of Pebble
// (package pebble, without tags; pebble.go words its errors): variables
// (flow, execution, inputs, outputs, labels, trigger, and in a task taskrun
// with id, startDate and attemptsCount — the attempts before the current
// one, so `{{ taskrun.attemptsCount < 1 }}` is true on a first attempt
// only), literals, comparisons, and/or/not, arithmetic, ~, and the filters
// upper, lower, trim, capitalize, length, default, toJson, join, first,
// last, keys, abs, md5, sha1, sha256, sha512. Task properties keep an expression the simulator
// cannot evaluate as written; the eval route and Fail's condition answer
// Kestra's errors ("Unable to find `x` used in the expression `{{ x }}` at
// line 1") and say plainly what kestrasim does not evaluate.
//
// # Test executions
//
// StartTest (testrun.go) creates an execution of kind TEST through the same
// create path, with a test suite's fixtures: a task with a fixture is not
// run, its task run takes the fixture's state and rendered outputs. Search
// and the by-query routes leave out executions that are not NORMAL unless a
// kind filter is given; StoredFile opens a file an execution stored from its
// kestra:// URI.
//
// kestrasim keeps no metrics: deleteMetrics is accepted and has nothing to
// delete.
package executions
