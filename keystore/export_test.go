// This file gives the package's tests handles on limits production code
// keeps fixed.

package keystore

// withMaxIterations lowers the per-derivation iteration limit, so fuzzing
// and limit tests stay fast.
func withMaxIterations(n int) Option { return func(o *options) { o.maxIterations = n } }

// withKDFBudget changes the per-file key-derivation budget.
func withKDFBudget(n int64) Option { return func(o *options) { o.kdfBudget = n } }
