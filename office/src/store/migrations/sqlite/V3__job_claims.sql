-- Jobs are claimed before they are worked on: by whom (an instance's name) and until when.
-- A claim ends when the step is stored; a claim that is not renewed (its instance died) ends
-- by itself, and the instance's own claims end when it starts again.
ALTER TABLE jobs ADD COLUMN claimed_by TEXT;
ALTER TABLE jobs ADD COLUMN claimed_until_ms INTEGER NOT NULL DEFAULT 0;
