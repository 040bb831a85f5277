// Logs in to an Xtream-compatible server with @iptv/xtream-api (its standardized serializer, which is the
// strictest reader of the answers) and prints what it got, as JSON:
//   node xtream-check.mjs <baseUrl> <username> <password> [channelIdForEpg]
// {"ok":true,…}; any failure (refused login, an answer the client cannot read) prints {"ok":false,"error":"…"} and exits 1.
import { Xtream } from '@iptv/xtream-api';
import { standardizedSerializer } from '@iptv/xtream-api/standardized';

const [url, username, password, epgChannel] = process.argv.slice(2);
if (!url || !username || !password) {
  console.error('usage: node xtream-check.mjs <baseUrl> <username> <password> [channelIdForEpg]');
  process.exit(2);
}

const xtream = new Xtream({ url, username, password, serializer: standardizedSerializer });
try {
  const profile = await xtream.getProfile();
  const serverInfo = await xtream.getServerInfo();
  const channelCategories = await xtream.getChannelCategories();
  const channels = await xtream.getChannels();
  const firstCategory = channelCategories[0];
  const channelsOfFirstCategory = firstCategory ? await xtream.getChannels({ categoryId: firstCategory.id }) : [];
  const movieCategories = await xtream.getMovieCategories();
  const movies = await xtream.getMovies();
  const movie = movies.length > 0 ? await xtream.getMovie({ movieId: movies[0].id }) : null;
  const showCategories = await xtream.getShowCategories();
  const shows = await xtream.getShows();
  const show = shows.length > 0 ? await xtream.getShow({ showId: shows[0].id }) : null;
  const shortEpg = epgChannel ? await xtream.getShortEPG({ channelId: epgChannel, limit: 3 }) : [];
  const fullEpg = epgChannel ? await xtream.getFullEPG({ channelId: epgChannel }) : [];
  console.log(JSON.stringify({
    ok: true,
    profile,
    serverInfo,
    channelCategories,
    channels,
    channelsOfFirstCategory: channelsOfFirstCategory.map((c) => c.id),
    movieCategories,
    movies,
    movie,
    showCategories,
    shows,
    show,
    shortEpg,
    fullEpg,
  }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error?.message ?? error) }));
  process.exit(1);
}
