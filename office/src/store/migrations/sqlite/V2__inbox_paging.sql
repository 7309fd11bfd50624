-- Keyset paging of the inbox, newest first, with or without a state filter; the filter by
-- document number; retention by age.
CREATE INDEX forwarded_received ON forwarded (received_at, ack_id);
CREATE INDEX forwarded_state_received ON forwarded (state, received_at, ack_id);
CREATE INDEX forwarded_number ON forwarded (json_extract(request, '$.documentNumber'));
CREATE INDEX notifications_received ON notifications (received_at);
