-- The governance map asks for the buildings inside the part of the map on screen: a
-- range on latitude, narrowed by longitude, without reading a whole district's rows.
CREATE INDEX buildings_location ON buildings (lat, lng);
