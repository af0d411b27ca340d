-- Every complaint filed prunes the submission marks older than a day and the spent proof-of-work
-- challenges that have expired: by these indexes, not by reading every mark and challenge (a
-- scan per complaint, which slowed filing as the day's complaints grew).
CREATE INDEX complaint_submissions_at ON complaint_submissions (at);
CREATE INDEX complaint_challenges_used_expires ON complaint_challenges_used (expires_at);
