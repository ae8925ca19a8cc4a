-- The locale-aware sort key of the nickname (io.lockerism.catalog.NameKeys), hex-encoded, so that
-- "Name A–Z" sorts and pages in the database. Rows imported before this migration get theirs when
-- the app starts (CatalogService.fillNameKeys); until then they sort last.
ALTER TABLE profiles ADD COLUMN name_key VARCHAR(1000);
CREATE INDEX profiles_by_name_key ON profiles (name_key, account_id);
