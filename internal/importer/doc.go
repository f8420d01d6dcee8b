// Package importer imports and exports the registers (台账) as spreadsheets, building on
// package tabular for the files themselves. It is domain-only: it knows the columns of
// each register, how a row becomes a register input and how a record becomes a row, and
// it drives an import from the first row to the last; reading and writing records is the
// job of a [Sink] that storage provides.
//
// # An import
//
// [Run] reads a file as a stream, finds the header row (registers kept in Excel often
// have a title row above it) and maps it to the register's columns, then parses rows
// into [Item]s and hands them to the sink in batches:
//
//  1. Prepare resolves what a row names (the grid by its code, the building by grid
//     and name), validates it with the register's own Normalize and Validate, computes
//     its natural key (register/keys.go) and says whether it is new, changed or
//     unchanged compared with what is stored. It writes nothing.
//  2. Rows whose key repeats an earlier row of the file are errors: the second would
//     silently overwrite the first.
//  3. Unless the run is a dry run, Write stores the new and changed rows of the batch in
//     one transaction.
//
// Rows with errors are skipped and written, with a column saying what is wrong and the
// cells at fault highlighted, to an error report (tabular.ErrorReport) that the person
// can correct and upload again. Because rows are matched by natural key, importing the
// same file twice changes nothing the second time, and importing a corrected error
// report adds exactly the rows that were missing.
//
// # Exports
//
// Every register's columns are also its export layout, so an exported file imports
// again unchanged. Personal data (owners' names, later ID numbers and phones) is
// masked unless the caller asked for, and was allowed, an unmasked copy; masked values
// are recognised on import and leave the stored value alone.
package importer
