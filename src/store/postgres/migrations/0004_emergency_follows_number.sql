-- An emergency address belongs to an active number: it goes when the number is released. The
-- foreign key's cascade does what the release code did by hand, the counterpart of
-- ../../sqlite/migrations/0004_emergency_follows_number.sql. Addresses of numbers no longer
-- active (none are expected) are dropped first.
DELETE FROM emergency_addresses e
  WHERE NOT EXISTS (SELECT 1 FROM active_numbers a WHERE a.phone_number = e.phone_number);
ALTER TABLE emergency_addresses
  ADD CONSTRAINT emergency_addresses_phone_number_fkey FOREIGN KEY (phone_number)
  REFERENCES active_numbers (phone_number) ON DELETE CASCADE;
