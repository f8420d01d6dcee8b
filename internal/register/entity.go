package register

// Catalogue keys naming the records of each register, for messages such as "No such
// house" (errs.NotFoundf) and "This building already exists".
const (
	EntityBuilding     = "entity.building"
	EntityHouse        = "entity.house"
	EntityPerson       = "entity.person"
	EntityHousehold    = "entity.household"
	EntityResidence    = "entity.residence"
	EntityRental       = "entity.rental"
	EntityOrganisation = "entity.organisation"
	EntityFacility     = "entity.facility"
)
