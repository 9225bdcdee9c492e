CREATE TABLE "listen_group_totals" (
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"plays" integer NOT NULL,
	"ms_played" bigint NOT NULL,
	"tracks" integer NOT NULL,
	CONSTRAINT "listen_group_totals_user_id_kind_key_pk" PRIMARY KEY("user_id","kind","key")
);
--> statement-breakpoint
CREATE TABLE "track_stat_groups" (
	"track_id" integer NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	CONSTRAINT "track_stat_groups_track_id_kind_key_pk" PRIMARY KEY("track_id","kind","key")
);
--> statement-breakpoint
ALTER TABLE "listen_group_totals" ADD CONSTRAINT "listen_group_totals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_stat_groups" ADD CONSTRAINT "track_stat_groups_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "listen_group_totals_user_id_kind_plays_ms_played_index" ON "listen_group_totals" USING btree ("user_id","kind","plays" DESC NULLS LAST,"ms_played" DESC NULLS LAST);