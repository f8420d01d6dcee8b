// Package register holds the base registers of grid governance (人、地、事、物、组织):
// buildings, houses, residents, households, residences, rentals, organisations and
// facilities, with the identifiers they carry (resident ID numbers, unified social credit
// codes, mobile numbers, facility codes, door-plate codes) and the rules for entering
// them. Like the other domain packages it knows nothing of SQL or HTTP.
//
// # Shape
//
// Every register has a record type (Building, House…) and an input type (BuildingInput,
// HouseInput…). An input is what a person types in a form, sends to the JSON API or puts
// in one row of an imported spreadsheet: Normalize tidies it (spaces, full-width digits,
// a lower-case x), Validate returns an *errs.Error of code Invalid listing every field
// problem at once. Field names in those errors are the input's JSON names, so a form, the
// API and an import error report point at the same field. Records are never deleted:
// Retired marks a record that is no longer current (a demolished building, a person who
// moved away) so its history stays readable, and Version guards concurrent edits.
//
// Every record belongs to a grid or micro-grid of the administrative tree (NodeID), which
// is how reads are scoped to the caller's subtree.
//
// # Personal data
//
// ID numbers, passport numbers and phone numbers are personal data: storage keeps them
// encrypted with a keyed hash for exact search (see package secret), and records here
// carry only masked copies. Care tags (独居老人, 低保…) reveal health and income and are
// shown only to roles that serve those people. There is deliberately no religion field:
// registers of religious belief are out of scope (design notes §6).
//
// # Natural keys
//
// Imports upsert by natural key so that importing the same spreadsheet twice changes
// nothing; keys.go says how each register is keyed.
package register
