ALTER TABLE "lyrics" ADD COLUMN "credits" jsonb;--> statement-breakpoint
ALTER TABLE "lyrics_lookups" ADD COLUMN "credits" jsonb;