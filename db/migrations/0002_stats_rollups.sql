CREATE TABLE "listen_hourly" (
	"user_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"plays" integer NOT NULL,
	"ms_played" bigint NOT NULL,
	CONSTRAINT "listen_hourly_user_id_hour_source_pk" PRIMARY KEY("user_id","hour","source")
);
--> statement-breakpoint
CREATE TABLE "listen_track_totals" (
	"user_id" integer NOT NULL,
	"track_id" integer NOT NULL,
	"source" text NOT NULL,
	"plays" integer NOT NULL,
	"ms_played" bigint NOT NULL,
	CONSTRAINT "listen_track_totals_user_id_track_id_source_pk" PRIMARY KEY("user_id","track_id","source")
);
--> statement-breakpoint
ALTER TABLE "listen_hourly" ADD CONSTRAINT "listen_hourly_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listen_track_totals" ADD CONSTRAINT "listen_track_totals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listen_track_totals" ADD CONSTRAINT "listen_track_totals_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;